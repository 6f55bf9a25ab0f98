package jp.ishikawa.id.idp.client;

import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;

/**
 * The authorization store as seen by the protocol endpoints: an authorization of a disabled client
 * is not found, so none of its tokens refreshes, answers at userinfo or is introspected as active.
 * Disabling a client also deletes its authorizations; this covers a token another node issued in
 * the seconds before it heard of the change.
 */
public final class ActiveClientAuthorizations implements OAuth2AuthorizationService {

  private final OAuth2AuthorizationService delegate;
  private final CachedRegisteredClientRepository clients;

  public ActiveClientAuthorizations(
      OAuth2AuthorizationService delegate, CachedRegisteredClientRepository clients) {
    this.delegate = delegate;
    this.clients = clients;
  }

  @Override
  public void save(OAuth2Authorization authorization) {
    delegate.save(authorization);
  }

  @Override
  public void remove(OAuth2Authorization authorization) {
    delegate.remove(authorization);
  }

  @Override
  public OAuth2Authorization findById(String id) {
    return ofActiveClient(delegate.findById(id));
  }

  @Override
  public OAuth2Authorization findByToken(String token, OAuth2TokenType tokenType) {
    return ofActiveClient(delegate.findByToken(token, tokenType));
  }

  private OAuth2Authorization ofActiveClient(OAuth2Authorization authorization) {
    return authorization == null || !clients.isActive(authorization.getRegisteredClientId())
        ? null
        : authorization;
  }
}
