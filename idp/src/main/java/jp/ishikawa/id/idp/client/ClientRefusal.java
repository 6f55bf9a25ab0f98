package jp.ishikawa.id.idp.client;

/** Why the admin console's change to a client was refused; the management API maps it to a code. */
public final class ClientRefusal extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** The kinds of refusal, each a stable problem code of the management API. */
  public enum Kind {
    /** A field is missing, malformed or not allowed (400 {@code invalid_request}). */
    INVALID,
    /** No client has this id (404 {@code not_found}). */
    NOT_FOUND,
    /** The client id is taken (409 {@code client_exists}). */
    EXISTS,
    /** A configuration client: read-only in the console (409 {@code configured_client}). */
    CONFIGURED,
    /** The client has no secret to rotate (409 {@code no_secret}). */
    NO_SECRET
  }

  private final Kind kind;

  ClientRefusal(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  static ClientRefusal invalid(String message) {
    return new ClientRefusal(Kind.INVALID, message);
  }

  public Kind kind() {
    return kind;
  }
}
