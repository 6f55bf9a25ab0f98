package jp.ishikawa.id.idp.token;

import jp.ishikawa.id.idp.client.ClientSettingNames;
import jp.ishikawa.id.idp.crypto.KeyedHash;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

/**
 * The {@code sub} a client sees: the Ishikawa ID for first-party (public subject type) clients, a
 * pairwise identifier per sector for the others (OIDC Core §8.1), so that two unrelated services
 * cannot join their records on it.
 */
public final class SubjectIdentifiers {

  private final KeyedHash pairwise;

  public SubjectIdentifiers(KeyedHash pairwise) {
    this.pairwise = pairwise;
  }

  public String subjectFor(RegisteredClient client, String ishikawaId) {
    Object type = client.getClientSettings().getSetting(ClientSettingNames.SUBJECT_TYPE);
    if (!"pairwise".equals(type)) {
      return ishikawaId;
    }
    Object sector = client.getClientSettings().getSetting(ClientSettingNames.SECTOR_IDENTIFIER);
    if (!(sector instanceof String s) || s.isBlank()) {
      throw new IllegalStateException("pairwise client " + client.getClientId() + " has no sector");
    }
    return pairwise.of(s, ishikawaId);
  }
}
