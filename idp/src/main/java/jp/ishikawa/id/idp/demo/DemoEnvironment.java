package jp.ishikawa.id.idp.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import jp.ishikawa.id.cardclient.simulator.TestCaFile;
import jp.ishikawa.id.cardclient.simulator.TestCards;
import jp.ishikawa.id.idp.datafiles.OwnerOnlyFiles;
import jp.ishikawa.id.idp.identity.ServerSecrets;
import jp.ishikawa.id.idp.jpki.JpkiSettings;
import jp.ishikawa.id.idp.settings.IshikawaIdProperties;
import jp.ishikawa.id.verifier.jpki.JpkiNames;
import jp.ishikawa.id.verifier.model.Purpose;
import jp.ishikawa.id.verifier.testpki.CrlSpec;
import jp.ishikawa.id.verifier.testpki.TestFacts;
import jp.ishikawa.id.verifier.testpki.TestPki;
import jp.ishikawa.id.verifier.testpki.TestRoot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Demo mode ({@code ishikawa-id.demo=true}): everything a newcomer needs to log in with nothing
 * installed, under {@code ./data/demo/}, created on first start and reused after:
 *
 * <ul>
 *   <li>a JPKI-TEST certification authority ({@code test-ca.p12}) and its roots, the only roots
 *       trusted, with fresh empty CRLs written at every start (so revocation is really checked);
 *   <li>two simulated cards: one with a signature certificate (a fictitious Kanazawa resident), one
 *       without (like an under-15 or face-authentication card), and their PINs;
 *   <li>the server secrets, and three demo relying parties (portal, coupon, points);
 *   <li>the {@code consent-ui} management client (「マイ いしかわID」 and the staff console on {@code
 *       ishikawa-id.demo-consent-ui-origin}, default {@code http://localhost:9100}), its secret
 *       written to {@value #CONSENT_UI_FILE} for consent-ui's own demo mode; the resident of the
 *       card with a signature certificate is its demo staff member ({@link DemoStaff}).
 * </ul>
 *
 * Every page says DEMO. Nothing here is fit for production, and the trust store refuses these roots
 * unless test roots are allowed.
 */
@Component
@ConditionalOnProperty(name = "ishikawa-id.demo", havingValue = "true")
public class DemoEnvironment {

  private static final Logger log = LoggerFactory.getLogger(DemoEnvironment.class);

  public static final String CARD_WITH_SIGNATURE = "card-with-signature.p12";
  public static final String CARD_WITHOUT_SIGNATURE = "card-without-signature.p12";

  /** consent-ui's client id, and where its demo runs. */
  public static final String CONSENT_UI_CLIENT = "consent-ui";

  /** What consent-ui's demo mode reads: the issuer, its client id and secret. */
  public static final String CONSENT_UI_FILE = "consent-ui.properties";

  private final Path directory;
  private final IshikawaIdProperties properties;
  private final Properties secrets = new Properties();
  private final Properties cards = new Properties();

  public DemoEnvironment(IshikawaIdProperties properties, Clock clock) {
    this.properties = properties;
    this.directory = Path.of(properties.getDemoDirectory()).toAbsolutePath().normalize();
    try {
      Files.createDirectories(directory.resolve("roots"));
      Files.createDirectories(directory.resolve("crl"));
      TestCaFile.Roots roots = certificationAuthority();
      writeRoots(roots);
      writeCrls(roots, clock);
      writeCards(roots);
      loadSecrets();
      registerDemoClients();
      registerConsentUi();
      // Secrets, the CA's private keys and the cards' keys: the IdP's user only.
      OwnerOnlyFiles.restrict(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the demo environment in " + directory, e);
    }
  }

  /**
   * Trust only the demo roots; check revocation against the demo CRLs, unless the operator set
   * {@code ishikawa-id.jpki.revocation=none} to see how unchecked logins look.
   */
  public JpkiSettings jpkiSettings() {
    return new JpkiSettings(
        List.of(directory.resolve("roots/auth-root.pem")),
        List.of(directory.resolve("roots/sign-root.pem")),
        "none".equals(properties.getJpki().getRevocation()) ? "none" : "crl",
        List.of(directory.resolve("crl").toString()),
        null,
        true,
        List.of(),
        List.of(),
        List.of(),
        Duration.ofMinutes(1));
  }

  public ServerSecrets secrets() {
    return new ServerSecrets(
        secrets.getProperty("encryption-key"), secrets.getProperty("pairwise-key"));
  }

  public Path directory() {
    return directory;
  }

  /**
   * The two demo cards, with their PIN and password: the card with a signature certificate first.
   */
  public List<DemoCard> cards() {
    return List.of(
        new DemoCard(
            "with-signature",
            directory.resolve(CARD_WITH_SIGNATURE),
            cards.getProperty("with-signature.pin"),
            cards.getProperty("with-signature.password")),
        new DemoCard(
            "without-signature",
            directory.resolve(CARD_WITHOUT_SIGNATURE),
            cards.getProperty("without-signature.pin"),
            null));
  }

  @EventListener(ApplicationReadyEvent.class)
  public void printHowToLogIn() {
    log.info(
        """

        ================================  DEMO  ================================
         Ishikawa ID is running in demo mode with test cards only.
         1. Open {}/account in a browser.
         2. Quickest: press "デモ用カードをここで読み取る" (read a demo card here) on
            the login page, then on the registration page. The PIN and password
            are shown there.
         3. Or answer as a phone would, with the card client in a second terminal
            (copy the link shown under the QR code; it asks for the two-digit
            code on the page and the PIN {}):
              {} login <link> --simulated {}
            First time: the registration page shows a NEW link and code; use them:
              {} identity <new link> --simulated {}   (password {})
            A card without a signature certificate: {} (PIN {})
         Demo clients (portal, coupon, points), their scopes and secrets: {}
         マイ いしかわID (consent-ui): java -jar consent-ui/target/consent-ui.jar
            --consent-ui.demo=true, then open http://localhost:9100 (or ./demo.sh for
            both). The card with a signature certificate is its demo admin.
         Another port: add --server.port=19000 (the links follow it).
        ========================================================================
        """,
        properties.getIssuer(),
        cards.getProperty("with-signature.pin"),
        cardClientCommand(),
        directory.resolve(CARD_WITH_SIGNATURE),
        cardClientCommand(),
        directory.resolve(CARD_WITH_SIGNATURE),
        cards.getProperty("with-signature.password"),
        directory.resolve(CARD_WITHOUT_SIGNATURE),
        cards.getProperty("without-signature.pin"),
        directory.resolve("clients.properties"));
  }

  /**
   * The card client's command line with this JVM's own {@code java}: a JDK 21 or newer for sure,
   * where a plain {@code java} may be an older default.
   */
  static String cardClientCommand() {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Path jar = Path.of("card-client", "target", "card-client.jar");
    return quoted(java.toString())
        + " -jar "
        + (Files.exists(jar) ? jar.toString() : quoted(jar.toAbsolutePath().toString()));
  }

  private static String quoted(String path) {
    return path.contains(" ") ? "\"" + path + "\"" : path;
  }

  private TestCaFile.Roots certificationAuthority() throws IOException {
    Path file = directory.resolve("test-ca.p12");
    if (Files.exists(file)) {
      return TestCaFile.read(file);
    }
    TestPki pki = TestPki.create();
    TestCaFile.Roots roots =
        new TestCaFile.Roots(pki.newestRoot(Purpose.LOGIN), pki.newestRoot(Purpose.IDENTITY));
    TestCaFile.write(file, roots);
    log.info("demo: created a JPKI-TEST certification authority in {}", file);
    return roots;
  }

  private void writeRoots(TestCaFile.Roots roots) throws IOException {
    Files.writeString(directory.resolve("roots/auth-root.pem"), pem(roots.authentication().der()));
    Files.writeString(directory.resolve("roots/sign-root.pem"), pem(roots.signature().der()));
  }

  /** Fresh, empty CRLs at every start: revocation is checked, and nothing is revoked. */
  private void writeCrls(TestCaFile.Roots roots, Clock clock) throws IOException {
    TestRoot authentication = roots.authentication();
    LocalDate start =
        authentication
            .certificate()
            .getNotBefore()
            .toInstant()
            .atZone(ZoneOffset.UTC)
            .toLocalDate();
    TestPki issuing =
        TestPki.create(
            TestPki.options()
                .organisation(JpkiNames.TEST_ORGANISATION)
                .generations(List.of(start))
                .clock(clock));
    java.time.Instant now = clock.instant();
    for (TestRoot root : List.of(roots.authentication(), roots.signature())) {
      byte[] crl;
      try {
        crl =
            issuing
                .crl(
                    CrlSpec.of(root.purpose())
                        .signer(root)
                        .updates(now.minus(Duration.ofMinutes(5)), now.plus(Duration.ofDays(7))))
                .getEncoded();
      } catch (java.security.cert.CRLException e) {
        throw new IOException("cannot encode the demo CRL", e);
      }
      String name = root.purpose() == Purpose.LOGIN ? "auth.crl" : "sign.crl";
      Files.write(directory.resolve("crl").resolve(name), crl);
    }
  }

  private void writeCards(TestCaFile.Roots roots) throws IOException {
    Path file = directory.resolve("cards.properties");
    if (Files.exists(file)) {
      try (InputStream in = Files.newInputStream(file)) {
        cards.load(in);
      }
      return;
    }
    TestCards.Credentials with =
        TestCards.write(
            directory.resolve(CARD_WITH_SIGNATURE),
            roots.authentication(),
            roots.signature(),
            TestFacts.defaults(),
            TestCards.DEFAULT_PIN,
            TestCards.DEFAULT_PASSWORD);
    TestCards.Credentials without =
        TestCards.write(
            directory.resolve(CARD_WITHOUT_SIGNATURE),
            roots.authentication(),
            null,
            null,
            "5678",
            null);
    cards.setProperty("with-signature.pin", with.pin());
    cards.setProperty("with-signature.password", with.password());
    cards.setProperty("without-signature.pin", without.pin());
    store(cards, file, "Demo test cards: these PINs unlock fictitious test cards only.");
  }

  private void loadSecrets() throws IOException {
    Path file = directory.resolve("secrets.properties");
    if (Files.exists(file)) {
      try (InputStream in = Files.newInputStream(file)) {
        secrets.load(in);
      }
      if (secrets.getProperty("consent-ui-secret") == null) {
        // A demo directory made before consent-ui existed: add its secret, keep the rest.
        secrets.setProperty("consent-ui-secret", randomClientSecret(new SecureRandom()));
        store(secrets, file, "Demo server secrets. Never reuse outside the demo.");
      }
      return;
    }
    SecureRandom random = new SecureRandom();
    secrets.setProperty("encryption-key", randomKey(random));
    secrets.setProperty("pairwise-key", randomKey(random));
    secrets.setProperty("portal-secret", randomClientSecret(random));
    secrets.setProperty("points-secret", randomClientSecret(random));
    secrets.setProperty("consent-ui-secret", randomClientSecret(random));
    store(secrets, file, "Demo server secrets. Never reuse outside the demo.");
  }

  /** The portal, coupon and points services of the platform, unless clients are configured. */
  private void registerDemoClients() throws IOException {
    if (!properties.getClients().isEmpty()) {
      return;
    }
    IshikawaIdProperties.Client portal = new IshikawaIdProperties.Client();
    portal.setClientId("ishikawa-portal");
    portal.setClientName("いしかわポータル / Ishikawa Portal");
    portal.setClientSecret(secrets.getProperty("portal-secret"));
    portal.setRedirectUris(List.of("http://localhost:8081/login/oauth2/code/ishikawa-id"));
    portal.setPostLogoutRedirectUris(List.of("http://localhost:8081/"));
    portal.setScopes(
        List.of("openid", "profile", "address", "birthdate", "gender", "ishikawa_residency"));

    IshikawaIdProperties.Client coupon = new IshikawaIdProperties.Client();
    coupon.setClientId("ishikawa-coupon");
    coupon.setClientName("いしかわクーポン / Ishikawa Coupons");
    coupon.setRedirectUris(List.of("http://localhost:8082/callback"));
    coupon.setScopes(List.of("openid", "ishikawa_residency"));

    IshikawaIdProperties.Client points = new IshikawaIdProperties.Client();
    points.setClientId("ishikawa-points");
    // Points are spent: the card, never a passkey (issue 10).
    points.setRequireCard(true);
    points.setClientName("地域ポイント / Regional Points");
    points.setClientSecret(secrets.getProperty("points-secret"));
    points.setRedirectUris(List.of("http://localhost:8083/callback"));
    points.setScopes(List.of("openid", "ishikawa_residency"));
    points.setSubjectType("pairwise");
    points.setIdTokenSigningAlg("RS256");

    properties.getClients().addAll(List.of(portal, coupon, points));
    Properties summary = new Properties();
    for (IshikawaIdProperties.Client client : List.of(portal, coupon, points)) {
      String id = client.getClientId();
      boolean isPublic = client.getClientSecret() == null;
      summary.setProperty(id + ".public", Boolean.toString(isPublic));
      if (!isPublic) {
        summary.setProperty(id + ".secret", client.getClientSecret());
      }
      summary.setProperty(id + ".redirect-uri", client.getRedirectUris().getFirst());
      summary.setProperty(id + ".scopes", String.join(" ", client.getScopes()));
    }
    store(
        summary,
        directory.resolve("clients.properties"),
        "Demo relying parties. public=true: no secret, PKCE only. scopes: what each may ask for.");
  }

  /**
   * consent-ui, unless a client of that id is configured: a confidential client with the public
   * subject type (a management client's {@code sub} is the Ishikawa ID), signing in with {@code
   * openid} only, logging out back to its {@code /signed-out} page. Its issuer, id and secret go to
   * {@value #CONSENT_UI_FILE}, which {@code java -jar consent-ui.jar --consent-ui.demo=true} reads.
   */
  private void registerConsentUi() throws IOException {
    boolean configured =
        properties.getClients().stream()
            .anyMatch(client -> CONSENT_UI_CLIENT.equals(client.getClientId()));
    if (configured) {
      return;
    }
    String origin = properties.getDemoConsentUiOrigin().toString().replaceAll("/+$", "");
    IshikawaIdProperties.Client consentUi = new IshikawaIdProperties.Client();
    consentUi.setClientId(CONSENT_UI_CLIENT);
    consentUi.setClientName("マイ いしかわID / My Ishikawa ID");
    consentUi.setClientSecret(secrets.getProperty("consent-ui-secret"));
    consentUi.setRedirectUris(List.of(origin + "/login/oauth2/code/ishikawa-id"));
    consentUi.setPostLogoutRedirectUris(List.of(origin + "/signed-out"));
    consentUi.setScopes(List.of("openid"));
    consentUi.setSubjectType("public");
    properties.getClients().add(consentUi);
    Properties settings = new Properties();
    settings.setProperty("issuer", properties.getIssuer().toString());
    settings.setProperty("client-id", CONSENT_UI_CLIENT);
    settings.setProperty("client-secret", consentUi.getClientSecret());
    store(
        settings,
        directory.resolve(CONSENT_UI_FILE),
        "consent-ui's demo client (read by consent-ui --consent-ui.demo=true). Demo only.");
  }

  private static String randomKey(SecureRandom random) {
    byte[] key = new byte[32];
    random.nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }

  /** URL-safe, so it needs no escaping in HTTP Basic authentication. */
  private static String randomClientSecret(SecureRandom random) {
    byte[] secret = new byte[32];
    random.nextBytes(secret);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
  }

  private static void store(Properties values, Path file, String comment) throws IOException {
    try (OutputStream out = Files.newOutputStream(file)) {
      values.store(out, comment);
    }
  }

  private static String pem(byte[] der) {
    return "-----BEGIN CERTIFICATE-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END CERTIFICATE-----\n";
  }
}
