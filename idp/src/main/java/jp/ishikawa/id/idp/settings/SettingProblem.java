package jp.ishikawa.id.idp.settings;

/**
 * One missing or invalid setting found at start-up.
 *
 * @param key the setting, as an operator writes it ({@code ishikawa-id.secrets.encryption-key})
 * @param problem what is wrong, in one sentence
 * @param action what to do about it, in one sentence
 */
public record SettingProblem(String key, String problem, String action) {}
