package jp.ishikawa.id.idp.client;

/**
 * How a change to a client reaches every node: the node that made it reloads its clients before
 * {@link #announce} returns, the others within seconds (Redis pub/sub on {@value #CHANNEL} in the
 * production profile; in-process on the embedded default, which runs one node). The message is only
 * a hint to reload from the database, never the client itself, so a message from elsewhere cannot
 * change what a node serves; a missed one is caught up by the periodic reload ({@link
 * CachedRegisteredClientRepository#reloadPeriodically()}).
 */
public interface ClientChanges {

  /** The Redis channel the announcements go through. */
  String CHANNEL = "ishikawa-id:clients";

  /** Reloads this node's clients and tells the others that {@code clientId} changed. */
  void announce(String clientId);

  /** The embedded default: one node, so reloading this one is all. */
  static ClientChanges inProcess(CachedRegisteredClientRepository clients) {
    return clientId -> clients.reload();
  }
}
