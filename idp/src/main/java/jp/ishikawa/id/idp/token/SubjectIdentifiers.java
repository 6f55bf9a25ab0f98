package jp.ishikawa.id.idp.token;

import jp.ishikawa.id.idp.client.ClientSettingNames;
import jp.ishikawa.id.idp.crypto.KeyedHash;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

/**
 * The {@code sub} a client sees: the Ishikawa ID for first-party ({@code public} subject type)
 * clients, a pairwise identifier per sector for the others (OIDC Core §8.1), so that two unrelated
 * services cannot join their records on it. Fails closed: a client whose subject type is neither
 * gets no {@code sub} at all ({@link UnrecognisedSubjectTypeException}), never the Ishikawa ID.
 */
public final class SubjectIdentifiers {

  /** The client's subject type is not one this IdP issues. */
  public static final class UnrecognisedSubjectTypeException extends IllegalStateException {

    @java.io.Serial private static final long serialVersionUID = 1L;

    UnrecognisedSubjectTypeException(String message) {
      super(message);
    }
  }

  private final KeyedHash pairwise;

  public SubjectIdentifiers(KeyedHash pairwise) {
    this.pairwise = pairwise;
  }

  /**
   * @throws UnrecognisedSubjectTypeException when the client's subject type is not {@code public}
   *     or {@code pairwise}, or a pairwise client has no sector
   */
  public String subjectFor(RegisteredClient client, String ishikawaId) {
    Object type = client.getClientSettings().getSetting(ClientSettingNames.SUBJECT_TYPE);
    if ("public".equals(type)) {
      return ishikawaId;
    }
    if (!"pairwise".equals(type)) {
      throw new UnrecognisedSubjectTypeException(
          "client " + client.getClientId() + " has no recognised subject type");
    }
    Object sector = client.getClientSettings().getSetting(ClientSettingNames.SECTOR_IDENTIFIER);
    if (!(sector instanceof String s) || s.isBlank()) {
      throw new UnrecognisedSubjectTypeException(
          "pairwise client " + client.getClientId() + " has no sector");
    }
    return pairwise.of(s, ishikawaId);
  }
}
