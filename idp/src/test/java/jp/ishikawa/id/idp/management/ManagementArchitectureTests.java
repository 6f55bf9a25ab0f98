package jp.ishikawa.id.idp.management;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The management API never sees a personal fact: what support staff and auditors read is metadata
 * by construction, not by care in each endpoint.
 */
class ManagementArchitectureTests {

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
  void managementApiNeverSeesPersonalFacts() {
    noClasses()
        .that()
        .resideInAPackage("jp.ishikawa.id.idp.management..")
        .should()
        .dependOnClassesThat()
        .haveFullyQualifiedName("jp.ishikawa.id.verifier.model.BasicFacts")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("jp.ishikawa.id.idp.identity.VerifiedFacts")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("jp.ishikawa.id.idp.token.ResidentClaims")
        .check(main);
  }
}
