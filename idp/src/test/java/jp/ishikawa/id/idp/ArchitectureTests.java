package jp.ishikawa.id.idp;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import jp.ishikawa.id.idp.identity.ResidentAuthentication;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;

/**
 * The shape of the IdP, enforced: no package cycles, personal facts kept in their corner, and
 * residents signed in only through the authentication seam.
 */
class ArchitectureTests {

  private static JavaClasses main;

  @BeforeAll
  static void importMain() {
    main =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages("jp.ishikawa.id.idp");
  }

  @Test
  void noPackageCycles() {
    slices().matching("jp.ishikawa.id.idp.(*)..").should().beFreeOfCycles().check(main);
  }

  @Test
  void onlyIdentityReadsTheEncryptedFactsStore() {
    noClasses()
        .that()
        .resideOutsideOfPackage("jp.ishikawa.id.idp.identity..")
        .should()
        .dependOnClassesThat()
        .haveFullyQualifiedName("jp.ishikawa.id.idp.identity.VerifiedFactsRepository")
        .check(main);
  }

  @Test
  void auditTrailNeverSeesPersonalFacts() {
    noClasses()
        .that()
        .resideInAPackage("jp.ishikawa.id.idp.audit..")
        .should()
        .dependOnClassesThat()
        .haveFullyQualifiedName("jp.ishikawa.id.verifier.model.BasicFacts")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("jp.ishikawa.id.idp.identity.VerifiedFacts")
        .check(main);
  }

  @Test
  void residentsAreSignedInOnlyByAuthenticationProviders() {
    // A login method is a Spring Security mechanism: only an AuthenticationProvider (behind the
    // ProviderManager, which publishes the events) makes a resident login; no hand-made path.
    // The stored authorization's reader rebuilds a login a provider made, kept with the
    // authorization (as Spring's JSON deserializer did before it); it signs no one in.
    noClasses()
        .that()
        .doNotImplement(AuthenticationProvider.class)
        .and()
        .doNotHaveFullyQualifiedName("jp.ishikawa.id.idp.identity.ResidentAuthentication")
        .and()
        .doNotHaveFullyQualifiedName("jp.ishikawa.id.idp.token.StoredAuthorizationJson")
        .should()
        .callMethod(ResidentAuthentication.class, "toAuthentication")
        .orShould()
        .callMethod(
            UsernamePasswordAuthenticationToken.class,
            "authenticated",
            Object.class,
            Object.class,
            java.util.Collection.class)
        .check(main);
  }

  @Test
  void cardProtocolNeverTakesTheMessageFromTheClient() {
    // The signed message is built in one place from server state only.
    noClasses()
        .that()
        .resideOutsideOfPackage("jp.ishikawa.id.idp.jpki..")
        .should()
        .dependOnClassesThat()
        .haveFullyQualifiedName("jp.ishikawa.id.idp.jpki.JpkiSignedMessage")
        .check(main);
  }
}
