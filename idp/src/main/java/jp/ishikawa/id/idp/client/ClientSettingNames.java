package jp.ishikawa.id.idp.client;

/** Our own {@code ClientSettings} entries, stored with the registered client. */
public final class ClientSettingNames {

  private ClientSettingNames() {}

  /** {@code public} or {@code pairwise}. */
  public static final String SUBJECT_TYPE = "settings.client.ishikawa-id.subject-type";

  /** The sector a pairwise {@code sub} is computed for. */
  public static final String SECTOR_IDENTIFIER = "settings.client.ishikawa-id.sector-identifier";

  /**
   * Space-separated audiences (client ids) whose tokens this client may introspect as a resource
   * server; without it a client introspects only its own tokens.
   */
  public static final String INTROSPECTION_AUDIENCES =
      "settings.client.ishikawa-id.introspection-audiences";

  /** The client's inline JWK set (JSON, public keys), when it has no {@code jwks-uri}. */
  public static final String JWKS = "settings.client.ishikawa-id.jwks";

  /** {@code Boolean}: only authorization requests pushed to the PAR endpoint (RFC 9126). */
  public static final String REQUIRE_PUSHED_AUTHORIZATION_REQUESTS =
      "settings.client.ishikawa-id.require-pushed-authorization-requests";

  /** {@code Boolean}: token requests must carry a DPoP proof (RFC 9449). */
  public static final String REQUIRE_DPOP = "settings.client.ishikawa-id.require-dpop";

  /** Where back-channel logout tokens for this client are sent (absent: none are sent). */
  public static final String BACKCHANNEL_LOGOUT_URI =
      "settings.client.ishikawa-id.backchannel-logout-uri";

  /** {@code true} when every login for the client must be a card tap (no passkey). */
  public static final String REQUIRE_CARD = "settings.client.ishikawa-id.require-card";
}
