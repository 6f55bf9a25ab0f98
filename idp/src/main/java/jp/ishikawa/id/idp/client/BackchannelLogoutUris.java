package jp.ishikawa.id.idp.client;

import java.net.URI;

/**
 * OpenID Connect Back-Channel Logout 1.0 §2.2: the {@code backchannel_logout_uri} is an absolute
 * URI, MAY contain a query, MUST NOT contain a fragment; we also require https (http only to
 * loopback), as logout tokens carry the resident's {@code sub}.
 */
final class BackchannelLogoutUris {

  private BackchannelLogoutUris() {}

  static URI check(String clientId, URI uri) {
    return ClientAuthenticationMethods.checkedUrl(clientId, "backchannel-logout-uri", uri);
  }
}
