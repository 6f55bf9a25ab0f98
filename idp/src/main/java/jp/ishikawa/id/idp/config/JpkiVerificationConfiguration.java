package jp.ishikawa.id.idp.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import jp.ishikawa.id.idp.demo.DemoEnvironment;
import jp.ishikawa.id.idp.jpki.JpkiSettings;
import jp.ishikawa.id.idp.settings.IshikawaIdProperties;
import jp.ishikawa.id.verifier.JpkiVerifier;
import jp.ishikawa.id.verifier.jpki.JpkiOids;
import jp.ishikawa.id.verifier.model.Purpose;
import jp.ishikawa.id.verifier.path.JpkiRoots;
import jp.ishikawa.id.verifier.path.TrustStore;
import jp.ishikawa.id.verifier.revocation.CrlRevocationChecker;
import jp.ishikawa.id.verifier.revocation.CrlStore;
import jp.ishikawa.id.verifier.revocation.FallbackRevocationChecker;
import jp.ishikawa.id.verifier.revocation.OcspRevocationChecker;
import jp.ishikawa.id.verifier.revocation.RevocationChecker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Builds the one {@link JpkiVerifier} the IdP uses, from {@code ishikawa-id.jpki.*}. A bad trust
 * store, an unknown revocation mode, or revocation {@code none} outside demo mode stops start-up
 * with a message: misconfiguration must not surface as failed logins later.
 */
@Configuration(proxyBeanMethods = false)
public class JpkiVerificationConfiguration {

  private static final Logger log = LoggerFactory.getLogger(JpkiVerificationConfiguration.class);

  @Bean
  JpkiSettings jpkiSettings(IshikawaIdProperties properties, ObjectProvider<DemoEnvironment> demo) {
    DemoEnvironment environment = demo.getIfAvailable();
    if (properties.isDemo() && environment != null) {
      return environment.jpkiSettings();
    }
    IshikawaIdProperties.Jpki jpki = properties.getJpki();
    return new JpkiSettings(
        jpki.getLoginTrustAnchors().stream().map(Path::of).toList(),
        jpki.getIdentityTrustAnchors().stream().map(Path::of).toList(),
        jpki.getRevocation(),
        jpki.getCrlLocations(),
        jpki.getOcspUrl(),
        jpki.isAllowTestRoots(),
        jpki.getPinnedFingerprints(),
        jpki.getExtraLoginPolicies(),
        jpki.getExtraIdentityPolicies(),
        jpki.getClockSkew());
  }

  @Bean
  TrustStore jpkiTrustStore(JpkiSettings settings) {
    if (settings.loginTrustAnchors().isEmpty()) {
      throw new IllegalStateException(
          "ishikawa-id.jpki.login-trust-anchors is empty: configure the J-LIS authentication CA"
              + " roots (or run with ishikawa-id.demo=true)");
    }
    TrustStore.Builder builder =
        TrustStore.builder()
            .allowTestRoots(settings.allowTestRoots())
            .pinnedFingerprints(
                settings.pinnedFingerprints().isEmpty()
                    ? JpkiRoots.productionFingerprints()
                    : settings.pinnedFingerprints());
    try {
      for (Path anchor : settings.loginTrustAnchors()) {
        builder.load(Purpose.LOGIN, anchor);
      }
      for (Path anchor : settings.identityTrustAnchors()) {
        builder.load(Purpose.IDENTITY, anchor);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the JPKI trust anchors", e);
    }
    return builder.build();
  }

  /** The revocation sources the configured mode needs, and the checker over them. */
  @Bean(destroyMethod = "close")
  JpkiRevocation jpkiRevocation(
      JpkiSettings settings, TrustStore trustStore, Clock clock, IshikawaIdProperties properties) {
    String mode = mode(settings);
    CrlStore crlStore = null;
    if (mode.equals("crl") || mode.equals("ocsp+crl")) {
      if (settings.crlLocations().isEmpty()) {
        throw new IllegalStateException(
            "ishikawa-id.jpki.revocation=" + mode + " needs ishikawa-id.jpki.crl-locations");
      }
      CrlStore.Builder builder = CrlStore.builder(trustStore).clock(clock);
      settings.crlLocations().forEach(builder::location);
      crlStore = builder.build();
      crlStore.startBackgroundRefresh();
    }
    OcspRevocationChecker.Builder ocsp = OcspRevocationChecker.builder();
    if (settings.ocspUrl() != null) {
      ocsp.responderUrl(settings.ocspUrl());
    }
    RevocationChecker checker =
        switch (mode) {
          case "none" -> {
            if (!properties.isDemo()) {
              throw new IllegalStateException(
                  "ishikawa-id.jpki.revocation=none is for demo mode only; use crl, ocsp or ocsp+crl");
            }
            log.warn(
                "JPKI revocation checking is OFF (demo mode): logins report acr jpki-unchecked");
            yield RevocationChecker.none();
          }
          case "crl" -> new CrlRevocationChecker(crlStore);
          case "ocsp" -> ocsp.build();
          case "ocsp+crl" ->
              new FallbackRevocationChecker(ocsp.build(), new CrlRevocationChecker(crlStore));
          default ->
              throw new IllegalStateException(
                  "ishikawa-id.jpki.revocation must be none, crl, ocsp or ocsp+crl, not " + mode);
        };
    return new JpkiRevocation(checker, crlStore);
  }

  @Bean
  JpkiVerifier jpkiVerifier(
      JpkiSettings settings, TrustStore trustStore, JpkiRevocation revocation, Clock clock) {
    JpkiVerifier.Builder builder =
        JpkiVerifier.builder()
            .trustStore(trustStore)
            .revocationChecker(revocation.checker())
            .clock(clock)
            .clockSkew(settings.clockSkew());
    if (!settings.extraLoginPolicies().isEmpty()) {
      Set<String> policies = new HashSet<>(settings.extraLoginPolicies());
      policies.add(JpkiOids.AUTHENTICATION_POLICY);
      builder.allowedPolicies(Purpose.LOGIN, policies);
    }
    if (!settings.extraIdentityPolicies().isEmpty()) {
      Set<String> policies = new HashSet<>(settings.extraIdentityPolicies());
      policies.add(JpkiOids.SIGNATURE_POLICY);
      builder.allowedPolicies(Purpose.IDENTITY, policies);
    }
    return builder.build();
  }

  private static String mode(JpkiSettings settings) {
    return settings.revocation() == null
        ? "crl"
        : settings.revocation().trim().toLowerCase(Locale.ROOT);
  }
}
