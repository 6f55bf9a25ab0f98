package jp.ishikawa.id.idp.consent;

import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;

/**
 * Records a consent record when an authorization code is issued to a service the resident has no
 * current record for: that is a sign-in asking only for {@code openid}, which the authorization
 * server grants without a consent screen. Without it such a service would hold tokens that no
 * record lists and no withdrawal reaches.
 */
public final class SignInRecordingAuthorizationService implements OAuth2AuthorizationService {

  private final OAuth2AuthorizationService delegate;
  private final ConsentRecordService consents;

  public SignInRecordingAuthorizationService(
      OAuth2AuthorizationService delegate, ConsentRecordService consents) {
    this.delegate = delegate;
    this.consents = consents;
  }

  @Override
  public void save(OAuth2Authorization authorization) {
    OAuth2Authorization.Token<OAuth2AuthorizationCode> code =
        authorization.getToken(OAuth2AuthorizationCode.class);
    if (code != null
        && !code.isInvalidated()
        && authorization.getToken(OAuth2AccessToken.class) == null) {
      consents.recordSignIn(
          authorization.getPrincipalName(),
          authorization.getRegisteredClientId(),
          authorization.getAuthorizedScopes());
    }
    delegate.save(authorization);
  }

  @Override
  public void remove(OAuth2Authorization authorization) {
    delegate.remove(authorization);
  }

  @Override
  public OAuth2Authorization findById(String id) {
    return delegate.findById(id);
  }

  @Override
  public OAuth2Authorization findByToken(String token, OAuth2TokenType tokenType) {
    return delegate.findByToken(token, tokenType);
  }
}
