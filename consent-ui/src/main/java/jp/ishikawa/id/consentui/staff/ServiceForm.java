package jp.ishikawa.id.consentui.staff;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The service form (create, and edit of a console service): what the staff member typed, kept as
 * typed so a refused form comes back filled in. Redirect URIs are one per line. {@link #check}
 * names each field that cannot be right before the API is asked; the API checks everything again
 * (its {@code 400} names the field in its detail, which the page does not repeat).
 */
public class ServiceForm {

  /** The scopes the IdP knows (idp {@code ConfiguredClients.SUPPORTED_SCOPES}). */
  public static final List<String> SCOPES =
      List.of("openid", "profile", "address", "birthdate", "gender", "ishikawa_residency");

  public static final List<String> TYPES = List.of("confidential", "public", "machine");

  public static final List<String> AUTH_METHODS =
      List.of("client_secret_basic", "client_secret_post", "private_key_jwt", "none");

  public static final List<String> SUBJECT_TYPES = List.of("pairwise", "public");

  /** As the IdP's {@code ConsoleClients.MAX_NAME_LENGTH}. */
  static final int MAX_NAME_LENGTH = 200;

  private static final Pattern CLIENT_ID = Pattern.compile("[a-z0-9][a-z0-9._-]{1,63}");

  private String clientId = "";
  private String name = "";
  private String type = "confidential";
  private String tokenEndpointAuthMethod = "";
  private String redirectUris = "";
  private String postLogoutRedirectUris = "";
  private List<String> scopes = new ArrayList<>(List.of("openid"));
  private String subjectType = "pairwise";
  private String backchannelLogoutUri = "";

  /** The edit form of an existing service, filled from the API's ClientView. */
  static ServiceForm of(Map<String, Object> client) {
    ServiceForm form = new ServiceForm();
    form.clientId = text(client.get("clientId"));
    form.name = text(client.get("name"));
    form.type = text(client.get("type"));
    form.tokenEndpointAuthMethod = text(client.get("tokenEndpointAuthMethod"));
    form.redirectUris = String.join("\n", strings(client.get("redirectUris")));
    form.postLogoutRedirectUris = String.join("\n", strings(client.get("postLogoutRedirectUris")));
    form.scopes = new ArrayList<>(strings(client.get("scopes")));
    form.subjectType = text(client.get("subjectType"));
    form.backchannelLogoutUri = text(client.get("backchannelLogoutUri"));
    return form;
  }

  /**
   * The fields that cannot be right, each with its problem's message key suffix ({@code
   * staff.service.error.<suffix>}); empty when the form may be sent.
   *
   * @param creating whether the client id, type and method are checked (they are fixed after)
   */
  Map<String, String> check(boolean creating) {
    Map<String, String> errors = new LinkedHashMap<>();
    if (creating) {
      if (!CLIENT_ID.matcher(clientId.strip()).matches()) {
        errors.put("clientId", "client_id");
      }
      if (!TYPES.contains(type)) {
        errors.put("type", "type");
      }
      if (!tokenEndpointAuthMethod.isEmpty() && !AUTH_METHODS.contains(tokenEndpointAuthMethod)) {
        errors.put("tokenEndpointAuthMethod", "auth_method");
      }
      if (!SUBJECT_TYPES.contains(subjectType)) {
        errors.put("subjectType", "subject_type");
      }
    }
    if (name.isBlank() || name.strip().length() > MAX_NAME_LENGTH) {
      errors.put("name", "name");
    }
    boolean machine = "machine".equals(type);
    List<String> redirects = lines(redirectUris);
    if ((!machine && redirects.isEmpty()) || !redirects.stream().allMatch(ServiceForm::isWebUri)) {
      errors.put("redirectUris", "redirect_uris");
    }
    if (!lines(postLogoutRedirectUris).stream().allMatch(ServiceForm::isWebUri)) {
      errors.put("postLogoutRedirectUris", "redirect_uris");
    }
    if (!backchannelLogoutUri.isBlank() && !isWebUri(backchannelLogoutUri.strip())) {
      errors.put("backchannelLogoutUri", "backchannel_logout_uri");
    }
    if (scopes.isEmpty()
        || !SCOPES.containsAll(scopes)
        || (!machine && !scopes.contains("openid"))) {
      errors.put("scopes", "scopes");
    }
    return errors;
  }

  /** {@code POST /api/admin/clients}'s body. */
  Map<String, Object> createBody() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("clientId", clientId.strip());
    body.put("name", name.strip());
    body.put("type", type);
    if (!tokenEndpointAuthMethod.isEmpty()) {
      body.put("tokenEndpointAuthMethod", tokenEndpointAuthMethod);
    }
    body.put("redirectUris", lines(redirectUris));
    body.put("postLogoutRedirectUris", lines(postLogoutRedirectUris));
    body.put("scopes", List.copyOf(scopes));
    body.put("subjectType", subjectType);
    body.put("backchannelLogoutUri", blankToNull(backchannelLogoutUri));
    return body;
  }

  /** {@code PATCH /api/admin/clients/{clientId}}'s body: every field an edit may change. */
  Map<String, Object> updateBody() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", name.strip());
    body.put("redirectUris", lines(redirectUris));
    body.put("postLogoutRedirectUris", lines(postLogoutRedirectUris));
    body.put("scopes", List.copyOf(scopes));
    body.put("backchannelLogoutUri", blankToNull(backchannelLogoutUri));
    return body;
  }

  static List<String> lines(@Nullable String text) {
    if (text == null) {
      return List.of();
    }
    return Arrays.stream(text.split("\\R")).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }

  /**
   * An absolute {@code https} URI, or {@code http} to {@code localhost} or {@code 127.0.0.1}
   * (native apps, development), without a fragment: what the IdP's console rules accept.
   */
  static boolean isWebUri(String value) {
    try {
      URI uri = new URI(value);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      String host = uri.getHost();
      if (host == null || uri.getFragment() != null || uri.getUserInfo() != null) {
        return false;
      }
      return scheme.equals("https")
          || (scheme.equals("http") && (host.equals("localhost") || host.equals("127.0.0.1")));
    } catch (URISyntaxException e) {
      return false;
    }
  }

  private static @Nullable String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }

  private static String text(@Nullable Object value) {
    return value == null ? "" : value.toString();
  }

  private static List<String> strings(@Nullable Object value) {
    if (!(value instanceof List<?> list)) {
      return List.of();
    }
    return list.stream().map(String::valueOf).toList();
  }

  public String getClientId() {
    return clientId;
  }

  public void setClientId(String clientId) {
    this.clientId = clientId == null ? "" : clientId;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name == null ? "" : name;
  }

  public String getType() {
    return type;
  }

  public void setType(String type) {
    this.type = type == null ? "" : type;
  }

  public String getTokenEndpointAuthMethod() {
    return tokenEndpointAuthMethod;
  }

  public void setTokenEndpointAuthMethod(String tokenEndpointAuthMethod) {
    this.tokenEndpointAuthMethod = tokenEndpointAuthMethod == null ? "" : tokenEndpointAuthMethod;
  }

  public String getRedirectUris() {
    return redirectUris;
  }

  public void setRedirectUris(String redirectUris) {
    this.redirectUris = redirectUris == null ? "" : redirectUris;
  }

  public String getPostLogoutRedirectUris() {
    return postLogoutRedirectUris;
  }

  public void setPostLogoutRedirectUris(String postLogoutRedirectUris) {
    this.postLogoutRedirectUris = postLogoutRedirectUris == null ? "" : postLogoutRedirectUris;
  }

  public List<String> getScopes() {
    return scopes;
  }

  public void setScopes(List<String> scopes) {
    this.scopes = scopes == null ? new ArrayList<>() : new ArrayList<>(scopes);
  }

  public String getSubjectType() {
    return subjectType;
  }

  public void setSubjectType(String subjectType) {
    this.subjectType = subjectType == null ? "" : subjectType;
  }

  public String getBackchannelLogoutUri() {
    return backchannelLogoutUri;
  }

  public void setBackchannelLogoutUri(String backchannelLogoutUri) {
    this.backchannelLogoutUri = backchannelLogoutUri == null ? "" : backchannelLogoutUri;
  }
}
