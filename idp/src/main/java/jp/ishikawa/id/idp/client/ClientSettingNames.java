package jp.ishikawa.id.idp.client;

/** Our own {@code ClientSettings} entries, stored with the registered client. */
public final class ClientSettingNames {

  private ClientSettingNames() {}

  /** {@code public} or {@code pairwise}. */
  public static final String SUBJECT_TYPE = "settings.client.ishikawa-id.subject-type";

  /** The sector a pairwise {@code sub} is computed for. */
  public static final String SECTOR_IDENTIFIER = "settings.client.ishikawa-id.sector-identifier";

  /** {@code true} when every login for the client must be a card tap (no passkey). */
  public static final String REQUIRE_CARD = "settings.client.ishikawa-id.require-card";
}
