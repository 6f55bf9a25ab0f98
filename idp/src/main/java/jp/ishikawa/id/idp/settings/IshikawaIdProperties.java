package jp.ishikawa.id.idp.settings;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Everything an operator configures under {@code ishikawa-id.*}. The key names are part of the
 * operator contract (issue 4): keep them.
 */
@ConfigurationProperties("ishikawa-id")
public class IshikawaIdProperties {

  /** The issuer URL, e.g. {@code https://id.pref.ishikawa.lg.jp}; also the card protocol origin. */
  private URI issuer = URI.create("http://localhost:9000");

  /**
   * Where short-lived state lives: {@code embedded} (this JVM; the default) or {@code redis}
   * (shared by every node; the production profile).
   */
  private String store = "embedded";

  /** Demo mode: a generated test PKI and simulated cards under ./data/demo/, pages marked DEMO. */
  private boolean demo;

  /** Where demo mode writes its test PKI and cards. */
  private String demoDirectory = "data/demo";

  /** Where demo mode's consent-ui runs: its client's redirect and post-logout URIs. */
  private URI demoConsentUiOrigin = URI.create("http://localhost:9100");

  /**
   * Whether the login and registration pages offer "tap a demo card here" (the server answers with
   * a demo card through the real card protocol). Unset, it follows {@code demo}; set to true
   * outside demo mode, start-up is refused.
   */
  private Boolean demoCardButton;

  private final Jpki jpki = new Jpki();
  private final List<Client> clients = new ArrayList<>();
  private final Secrets secrets = new Secrets();
  private final Transactions transactions = new Transactions();
  private final Discovery discovery = new Discovery();
  private final HelpDesk helpDesk = new HelpDesk();
  private final BackchannelLogout backchannelLogout = new BackchannelLogout();
  private final Passkeys passkeys = new Passkeys();

  /** How long a token signing key signs before it is replaced (the old one stays published). */
  private java.time.Duration signingKeyRotationPeriod = java.time.Duration.ofDays(90);

  /** How often every node re-reads the signing keys (a rotation on another node arrives so). */
  private Duration signingKeyRefreshInterval = Duration.ofMinutes(1);

  /**
   * How long a new signing key is only published before it signs: longer than the refresh interval,
   * so every node publishes it before any node signs with it.
   */
  private Duration signingKeyPublicationDelay = Duration.ofMinutes(5);

  /**
   * How long a stored authorization is kept after its last code or token expired, before the sweep
   * deletes it (token/ExpiredAuthorizations); at least 30 minutes, the login session's idle
   * timeout.
   */
  private Duration expiredAuthorizationRetention = Duration.ofDays(1);

  /**
   * Which JCA provider makes and checks the IdP's JWT signatures (crypto/JoseProvider): {@code
   * auto} (the native one where it loads, else the JDK's), {@code native} (or no start) or {@code
   * jdk}.
   */
  private String joseProvider = "auto";

  public String getJoseProvider() {
    return joseProvider;
  }

  public void setJoseProvider(String joseProvider) {
    this.joseProvider = joseProvider;
  }

  public URI getIssuer() {
    return issuer;
  }

  /**
   * @throws IllegalArgumentException unless the issuer is an http(s) origin without a path: card
   *     clients sign the issuer's origin, and every endpoint hangs off it
   */
  public void setIssuer(URI issuer) {
    String path = issuer.getPath();
    if (!("https".equals(issuer.getScheme()) || "http".equals(issuer.getScheme()))
        || issuer.getHost() == null
        || (path != null && !path.isEmpty() && !path.equals("/"))
        || issuer.getQuery() != null
        || issuer.getFragment() != null) {
      throw new IllegalArgumentException(
          "ishikawa-id.issuer must be an http(s) origin such as https://id.example.jp, not "
              + issuer);
    }
    this.issuer = URI.create(issuer.toString().replaceAll("/$", ""));
  }

  public String getStore() {
    return store;
  }

  public void setStore(String store) {
    this.store = store;
  }

  public boolean isDemo() {
    return demo;
  }

  public void setDemo(boolean demo) {
    this.demo = demo;
  }

  public Boolean getDemoCardButton() {
    return demoCardButton;
  }

  public void setDemoCardButton(Boolean demoCardButton) {
    this.demoCardButton = demoCardButton;
  }

  /** Whether the demo card button is shown: only ever in demo mode. */
  public boolean demoCardButtonShown() {
    return demo && (demoCardButton == null || demoCardButton);
  }

  public String getDemoDirectory() {
    return demoDirectory;
  }

  public void setDemoDirectory(String demoDirectory) {
    this.demoDirectory = demoDirectory;
  }

  public URI getDemoConsentUiOrigin() {
    return demoConsentUiOrigin;
  }

  public void setDemoConsentUiOrigin(URI demoConsentUiOrigin) {
    this.demoConsentUiOrigin = demoConsentUiOrigin;
  }

  public Jpki getJpki() {
    return jpki;
  }

  public List<Client> getClients() {
    return clients;
  }

  public Secrets getSecrets() {
    return secrets;
  }

  public Transactions getTransactions() {
    return transactions;
  }

  public Discovery getDiscovery() {
    return discovery;
  }

  public HelpDesk getHelpDesk() {
    return helpDesk;
  }

  public BackchannelLogout getBackchannelLogout() {
    return backchannelLogout;
  }

  public Passkeys getPasskeys() {
    return passkeys;
  }

  public java.time.Duration getSigningKeyRotationPeriod() {
    return signingKeyRotationPeriod;
  }

  public void setSigningKeyRotationPeriod(java.time.Duration signingKeyRotationPeriod) {
    this.signingKeyRotationPeriod = signingKeyRotationPeriod;
  }

  public Duration getSigningKeyRefreshInterval() {
    return signingKeyRefreshInterval;
  }

  public void setSigningKeyRefreshInterval(Duration signingKeyRefreshInterval) {
    this.signingKeyRefreshInterval = signingKeyRefreshInterval;
  }

  public Duration getSigningKeyPublicationDelay() {
    return signingKeyPublicationDelay;
  }

  public void setSigningKeyPublicationDelay(Duration signingKeyPublicationDelay) {
    this.signingKeyPublicationDelay = signingKeyPublicationDelay;
  }

  public Duration getExpiredAuthorizationRetention() {
    return expiredAuthorizationRetention;
  }

  public void setExpiredAuthorizationRetention(Duration expiredAuthorizationRetention) {
    this.expiredAuthorizationRetention = expiredAuthorizationRetention;
  }

  /** JPKI verification: trust anchors, revocation, test roots. */
  public static class Jpki {
    /** PEM/DER files or directories of authentication CA roots. */
    private List<String> loginTrustAnchors = new ArrayList<>();

    /** PEM/DER files or directories of signature CA roots. */
    private List<String> identityTrustAnchors = new ArrayList<>();

    /** {@code none|crl|ocsp|ocsp+crl}. {@code none} is refused outside demo mode. */
    private String revocation = "crl";

    /** CRL files, directories or http(s) URLs. */
    private List<String> crlLocations = new ArrayList<>();

    /** The OCSP responder; the certificate's AIA URL when absent. */
    private URI ocspUrl;

    /** Whether J-LIS test roots ({@code O=JPKI-TEST}) may be trusted. Never in production. */
    private boolean allowTestRoots;

    /** SHA-256 fingerprints production roots must match; the known J-LIS roots when empty. */
    private List<String> pinnedFingerprints = new ArrayList<>();

    /** Extra certificate policy OIDs accepted for login (e.g. smartphone certificates). */
    private List<String> extraLoginPolicies = new ArrayList<>();

    /** Extra certificate policy OIDs accepted for identity. */
    private List<String> extraIdentityPolicies = new ArrayList<>();

    private Duration clockSkew = Duration.ofMinutes(1);

    public List<String> getLoginTrustAnchors() {
      return loginTrustAnchors;
    }

    public void setLoginTrustAnchors(List<String> loginTrustAnchors) {
      this.loginTrustAnchors = loginTrustAnchors;
    }

    public List<String> getIdentityTrustAnchors() {
      return identityTrustAnchors;
    }

    public void setIdentityTrustAnchors(List<String> identityTrustAnchors) {
      this.identityTrustAnchors = identityTrustAnchors;
    }

    public String getRevocation() {
      return revocation;
    }

    public void setRevocation(String revocation) {
      this.revocation = revocation;
    }

    public List<String> getCrlLocations() {
      return crlLocations;
    }

    public void setCrlLocations(List<String> crlLocations) {
      this.crlLocations = crlLocations;
    }

    public URI getOcspUrl() {
      return ocspUrl;
    }

    public void setOcspUrl(URI ocspUrl) {
      this.ocspUrl = ocspUrl;
    }

    public boolean isAllowTestRoots() {
      return allowTestRoots;
    }

    public void setAllowTestRoots(boolean allowTestRoots) {
      this.allowTestRoots = allowTestRoots;
    }

    public List<String> getPinnedFingerprints() {
      return pinnedFingerprints;
    }

    public void setPinnedFingerprints(List<String> pinnedFingerprints) {
      this.pinnedFingerprints = pinnedFingerprints;
    }

    public List<String> getExtraLoginPolicies() {
      return extraLoginPolicies;
    }

    public void setExtraLoginPolicies(List<String> extraLoginPolicies) {
      this.extraLoginPolicies = extraLoginPolicies;
    }

    public List<String> getExtraIdentityPolicies() {
      return extraIdentityPolicies;
    }

    public void setExtraIdentityPolicies(List<String> extraIdentityPolicies) {
      this.extraIdentityPolicies = extraIdentityPolicies;
    }

    public Duration getClockSkew() {
      return clockSkew;
    }

    public void setClockSkew(Duration clockSkew) {
      this.clockSkew = clockSkew;
    }
  }

  /** One relying party, registered from configuration. */
  public static class Client {
    private String clientId;

    /** Absent for public clients (PKCE only). */
    private String clientSecret;

    private String clientName;
    private List<String> redirectUris = new ArrayList<>();
    private List<String> postLogoutRedirectUris = new ArrayList<>();
    private List<String> scopes = new ArrayList<>(List.of("openid"));

    /** {@code public} (the Ishikawa ID) or {@code pairwise} (a per-sector identifier). */
    private String subjectType = "public";

    /** The sector for pairwise identifiers; the redirect URIs' host when absent. */
    private String sectorIdentifier;

    /** {@code ES256} (default) or {@code RS256}. */
    private String idTokenSigningAlg = "ES256";

    /**
     * Client ids whose tokens this client may introspect, as a resource server for them; empty (the
     * default): only its own tokens.
     */
    private List<String> introspectionAudiences = new ArrayList<>();

    /**
     * Whether the authorization request must carry PKCE (S256). Always true for public clients; a
     * confidential OpenID Connect client may set false (its requests must then ask for {@code
     * openid}, and it should send a {@code nonce}).
     */
    private boolean requirePkce = true;

    /**
     * {@code client_secret_basic}, {@code client_secret_post}, {@code private_key_jwt} or {@code
     * none}; absent: the secret's methods when there is a secret, else {@code none}.
     */
    private String tokenEndpointAuthMethod;

    /** With {@code private_key_jwt}: {@code ES256} (default) or {@code RS256}. */
    private String tokenEndpointAuthSigningAlg = "ES256";

    /** The client's public keys as a JWK set (JSON), for {@code private_key_jwt}. */
    private String jwks;

    /** Where the client publishes its JWK set, for {@code private_key_jwt} (fetched, cached). */
    private URI jwksUri;

    /**
     * {@code authorization_code} (the default, plus {@code refresh_token} for confidential clients)
     * or {@code client_credentials} (machine clients, API scopes only).
     */
    private List<String> grantTypes = new ArrayList<>();

    /** RFC 9126: plain authorization requests are refused; only {@code request_uri} from PAR. */
    private boolean requirePushedAuthorizationRequests;

    /** RFC 9449: token requests without a DPoP proof are refused; tokens are DPoP-bound. */
    private boolean requireDpop;

    /** OpenID Connect Back-Channel Logout 1.0: where logout tokens are sent. */
    private URI backchannelLogoutUri;

    /**
     * Whether every login for this client must be a card tap: a resident signed in with a passkey
     * taps the card first (step-up), and the client's ID tokens always carry a card {@code acr}.
     */
    private boolean requireCard;

    public boolean isRequireCard() {
      return requireCard;
    }

    public void setRequireCard(boolean requireCard) {
      this.requireCard = requireCard;
    }

    public String getClientId() {
      return clientId;
    }

    public void setClientId(String clientId) {
      this.clientId = clientId;
    }

    public String getClientSecret() {
      return clientSecret;
    }

    public void setClientSecret(String clientSecret) {
      this.clientSecret = clientSecret;
    }

    public String getClientName() {
      return clientName;
    }

    public void setClientName(String clientName) {
      this.clientName = clientName;
    }

    public List<String> getRedirectUris() {
      return redirectUris;
    }

    public void setRedirectUris(List<String> redirectUris) {
      this.redirectUris = redirectUris;
    }

    public List<String> getPostLogoutRedirectUris() {
      return postLogoutRedirectUris;
    }

    public void setPostLogoutRedirectUris(List<String> postLogoutRedirectUris) {
      this.postLogoutRedirectUris = postLogoutRedirectUris;
    }

    public List<String> getScopes() {
      return scopes;
    }

    public void setScopes(List<String> scopes) {
      this.scopes = scopes;
    }

    public String getSubjectType() {
      return subjectType;
    }

    public void setSubjectType(String subjectType) {
      this.subjectType = subjectType;
    }

    public String getSectorIdentifier() {
      return sectorIdentifier;
    }

    public void setSectorIdentifier(String sectorIdentifier) {
      this.sectorIdentifier = sectorIdentifier;
    }

    public String getIdTokenSigningAlg() {
      return idTokenSigningAlg;
    }

    public void setIdTokenSigningAlg(String idTokenSigningAlg) {
      this.idTokenSigningAlg = idTokenSigningAlg;
    }

    public List<String> getIntrospectionAudiences() {
      return introspectionAudiences;
    }

    public void setIntrospectionAudiences(List<String> introspectionAudiences) {
      this.introspectionAudiences = introspectionAudiences;
    }

    public String getTokenEndpointAuthMethod() {
      return tokenEndpointAuthMethod;
    }

    public void setTokenEndpointAuthMethod(String tokenEndpointAuthMethod) {
      this.tokenEndpointAuthMethod = tokenEndpointAuthMethod;
    }

    public String getTokenEndpointAuthSigningAlg() {
      return tokenEndpointAuthSigningAlg;
    }

    public void setTokenEndpointAuthSigningAlg(String tokenEndpointAuthSigningAlg) {
      this.tokenEndpointAuthSigningAlg = tokenEndpointAuthSigningAlg;
    }

    public String getJwks() {
      return jwks;
    }

    public void setJwks(String jwks) {
      this.jwks = jwks;
    }

    public URI getJwksUri() {
      return jwksUri;
    }

    public void setJwksUri(URI jwksUri) {
      this.jwksUri = jwksUri;
    }

    public List<String> getGrantTypes() {
      return grantTypes;
    }

    public void setGrantTypes(List<String> grantTypes) {
      this.grantTypes = grantTypes;
    }

    public boolean isRequirePkce() {
      return requirePkce;
    }

    public void setRequirePkce(boolean requirePkce) {
      this.requirePkce = requirePkce;
    }

    public boolean isRequirePushedAuthorizationRequests() {
      return requirePushedAuthorizationRequests;
    }

    public void setRequirePushedAuthorizationRequests(boolean requirePushedAuthorizationRequests) {
      this.requirePushedAuthorizationRequests = requirePushedAuthorizationRequests;
    }

    public boolean isRequireDpop() {
      return requireDpop;
    }

    public void setRequireDpop(boolean requireDpop) {
      this.requireDpop = requireDpop;
    }

    public URI getBackchannelLogoutUri() {
      return backchannelLogoutUri;
    }

    public void setBackchannelLogoutUri(URI backchannelLogoutUri) {
      this.backchannelLogoutUri = backchannelLogoutUri;
    }
  }

  /** Server-side secrets. Generated into the demo directory in demo mode; required otherwise. */
  public static class Secrets {
    /** Base64 of 32 random bytes: encrypts personal facts and signing keys at rest (AES-GCM). */
    private String encryptionKey;

    /** Base64 of 32 random bytes: derives pairwise subject identifiers and fact match keys. */
    private String pairwiseKey;

    public String getEncryptionKey() {
      return encryptionKey;
    }

    public void setEncryptionKey(String encryptionKey) {
      this.encryptionKey = encryptionKey;
    }

    public String getPairwiseKey() {
      return pairwiseKey;
    }

    public void setPairwiseKey(String pairwiseKey) {
      this.pairwiseKey = pairwiseKey;
    }
  }

  /** Login transactions of the card-reader protocol. */
  public static class Transactions {
    /** How long a transaction lives (ARCHITECTURE.md: 5 minutes). */
    private Duration lifetime = Duration.ofMinutes(5);

    /** How many transactions one browser session may create per minute. */
    private int perSessionPerMinute = 10;

    /**
     * How many transactions one client address may create per minute, whatever the sessions:
     * generous, since many residents share a carrier's or an office's address.
     */
    private int perAddressPerMinute = 120;

    /** How many card responses one client address may post per minute. */
    private int responsesPerAddressPerMinute = 60;

    /**
     * How long, from the start of the request, a card protocol request body may take to arrive (a
     * card response is a few kilobytes): past it, {@code 408} and the connection is closed.
     */
    private Duration bodyReadDeadline = Duration.ofSeconds(10);

    public Duration getBodyReadDeadline() {
      return bodyReadDeadline;
    }

    public void setBodyReadDeadline(Duration bodyReadDeadline) {
      this.bodyReadDeadline = bodyReadDeadline;
    }

    public Duration getLifetime() {
      return lifetime;
    }

    public void setLifetime(Duration lifetime) {
      this.lifetime = lifetime;
    }

    public int getPerSessionPerMinute() {
      return perSessionPerMinute;
    }

    public void setPerSessionPerMinute(int perSessionPerMinute) {
      this.perSessionPerMinute = perSessionPerMinute;
    }

    public int getPerAddressPerMinute() {
      return perAddressPerMinute;
    }

    public void setPerAddressPerMinute(int perAddressPerMinute) {
      this.perAddressPerMinute = perAddressPerMinute;
    }

    public int getResponsesPerAddressPerMinute() {
      return responsesPerAddressPerMinute;
    }

    public void setResponsesPerAddressPerMinute(int responsesPerAddressPerMinute) {
      this.responsesPerAddressPerMinute = responsesPerAddressPerMinute;
    }
  }

  /** Documents the discovery document points relying parties to; absent ones are not listed. */
  public static class Discovery {
    /** {@code service_documentation}: what a service vendor reads to integrate. */
    private URI serviceDocumentation;

    /** {@code op_policy_uri}: how relying parties may use the data they receive. */
    private URI opPolicyUri;

    /** {@code op_tos_uri}: the terms of service for relying parties. */
    private URI opTosUri;

    public URI getServiceDocumentation() {
      return serviceDocumentation;
    }

    public void setServiceDocumentation(URI serviceDocumentation) {
      this.serviceDocumentation = serviceDocumentation;
    }

    public URI getOpPolicyUri() {
      return opPolicyUri;
    }

    public void setOpPolicyUri(URI opPolicyUri) {
      this.opPolicyUri = opPolicyUri;
    }

    public URI getOpTosUri() {
      return opTosUri;
    }

    public void setOpTosUri(URI opTosUri) {
      this.opTosUri = opTosUri;
    }
  }

  /**
   * Where a resident calls when something goes wrong: every error names it, with the reference code
   * to read out. Unset, the pages send residents to their city or town office (demo mode shows a
   * demo number).
   */
  public static class HelpDesk {
    /** The help desk's telephone number as residents dial it, e.g. {@code 076-000-0000}. */
    private String phone;

    /** Its opening hours on weekdays, language-neutral, e.g. {@code 9:00–17:00}. */
    private String weekdayHours;

    public String getPhone() {
      return phone;
    }

    public void setPhone(String phone) {
      this.phone = phone;
    }

    public String getWeekdayHours() {
      return weekdayHours;
    }

    public void setWeekdayHours(String weekdayHours) {
      this.weekdayHours = weekdayHours;
    }
  }

  /**
   * Delivery of back-channel logout tokens from the outbox ({@code
   * ishikawa-id.backchannel-logout.*}).
   */
  public static class BackchannelLogout {
    /** How often each node looks for logout tokens that are due. */
    private Duration pollInterval = Duration.ofSeconds(5);

    /** The wait after the first failed delivery; doubled after each further failure. */
    private Duration initialBackoff = Duration.ofSeconds(10);

    /** The longest wait between two attempts. */
    private Duration maxBackoff = Duration.ofHours(1);

    /** Attempts before a logout token is abandoned (and audited). */
    private int maxAttempts = 12;

    /** Connect and response timeout of one delivery. */
    private Duration timeout = Duration.ofSeconds(10);

    public Duration getPollInterval() {
      return pollInterval;
    }

    public void setPollInterval(Duration pollInterval) {
      this.pollInterval = pollInterval;
    }

    public Duration getInitialBackoff() {
      return initialBackoff;
    }

    public void setInitialBackoff(Duration initialBackoff) {
      this.initialBackoff = initialBackoff;
    }

    public Duration getMaxBackoff() {
      return maxBackoff;
    }

    public void setMaxBackoff(Duration maxBackoff) {
      this.maxBackoff = maxBackoff;
    }

    public int getMaxAttempts() {
      return maxAttempts;
    }

    public void setMaxAttempts(int maxAttempts) {
      this.maxAttempts = maxAttempts;
    }

    public Duration getTimeout() {
      return timeout;
    }

    public void setTimeout(Duration timeout) {
      this.timeout = timeout;
    }
  }

  /** Passkeys (issue 10): everyday logins, registered right after a card login. */
  public static class Passkeys {
    /** How young a card login must be for a passkey to be registered after it. */
    private Duration registrationWindow = Duration.ofMinutes(5);

    /** How many passkeys one resident may have. */
    private int maxPerResident = 10;

    public Duration getRegistrationWindow() {
      return registrationWindow;
    }

    public void setRegistrationWindow(Duration registrationWindow) {
      if (registrationWindow.isNegative() || registrationWindow.isZero()) {
        throw new IllegalArgumentException("ishikawa-id.passkeys.registration-window must be > 0");
      }
      this.registrationWindow = registrationWindow;
    }

    public int getMaxPerResident() {
      return maxPerResident;
    }

    public void setMaxPerResident(int maxPerResident) {
      if (maxPerResident < 1 || maxPerResident > 100) {
        throw new IllegalArgumentException("ishikawa-id.passkeys.max-per-resident must be 1-100");
      }
      this.maxPerResident = maxPerResident;
    }
  }
}
