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
}
