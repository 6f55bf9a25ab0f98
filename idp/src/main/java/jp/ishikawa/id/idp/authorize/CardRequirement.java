package jp.ishikawa.id.idp.authorize;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import jp.ishikawa.id.idp.client.ClientSettingNames;
import jp.ishikawa.id.idp.token.AuthenticationContextClass;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

/**
 * Whether an authorization request can only be met by a card tap, so that a resident signed in with
 * a passkey taps the card first (step-up; {@code login/ReauthenticationFilter}) and the login page
 * offers only the card. A request demands the card when:
 *
 * <ol>
 *   <li>its client is configured with {@code require-card} (the regional points service);
 *   <li>it carries {@code max_age}: a service asking for a fresh proof gets the card, never a
 *       passkey (OIDC Core §3.1.2.1 lets the OP choose how to re-authenticate);
 *   <li>its {@code acr_values} name a card class and not {@link
 *       AuthenticationContextClass#PASSKEY};
 *   <li>its {@code claims} make {@code acr} essential with values that do not include the passkey
 *       class.
 * </ol>
 *
 * A malformed {@code claims} demands nothing here: {@link AuthorizationRequestValidator} refuses
 * it.
 */
public final class CardRequirement {

  private CardRequirement() {}

  /**
   * @param parameter the request's parameters by name (null when absent)
   * @param client the request's client, or null when unknown
   */
  public static boolean demandsCard(Function<String, String> parameter, RegisteredClient client) {
    if (client != null
        && Boolean.TRUE.equals(
            client.getClientSettings().<Object>getSetting(ClientSettingNames.REQUIRE_CARD))) {
      return true;
    }
    if (parameter.apply("max_age") != null) {
      return true;
    }
    String acrValues = parameter.apply("acr_values");
    if (acrValues != null) {
      List<String> wished = Arrays.asList(acrValues.trim().split("\\s+"));
      if (!wished.contains(AuthenticationContextClass.PASSKEY)
          && wished.stream().anyMatch(AuthenticationContextClass.CARD::contains)) {
        return true;
      }
    }
    Optional<ClaimsRequest> claims;
    try {
      claims = ClaimsRequest.of(parameter.apply("claims"));
    } catch (IllegalArgumentException e) {
      return false;
    }
    return claims.isPresent() && !claims.get().acrMet(AuthenticationContextClass.PASSKEY);
  }
}
