package jp.ishikawa.id.consentui;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shape of consent-ui, enforced: no package cycles; only the management API client talks to the
 * IdP's API (no other HTTP client, no database); the residents' pages and the staff console stay
 * apart.
 */
class ArchitectureTests {

  private static JavaClasses main;

  @BeforeAll
  static void importMain() {
    main =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages("jp.ishikawa.id.consentui");
  }

  @Test
  void noPackageCycles() {
    slices().matching("jp.ishikawa.id.consentui.(*)..").should().beFreeOfCycles().check(main);
  }

  @Test
  void onlyTheApiClientCallsTheIdp() {
    noClasses()
        .that()
        .resideOutsideOfPackage("jp.ishikawa.id.consentui.api..")
        .should()
        .dependOnClassesThat()
        .haveFullyQualifiedName("org.springframework.web.client.RestClient")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.net.http.HttpClient")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("org.springframework.web.client.RestTemplate")
        .check(main);
  }

  @Test
  void noDatabaseOfItsOwn() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("java.sql..", "javax.sql..", "org.springframework.jdbc..")
        .check(main);
  }

  @Test
  void residentPagesAndStaffConsoleStayApart() {
    noClasses()
        .that()
        .resideInAPackage("jp.ishikawa.id.consentui.resident..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("jp.ishikawa.id.consentui.staff..")
        .allowEmptyShould(true)
        .check(main);
    noClasses()
        .that()
        .resideInAPackage("jp.ishikawa.id.consentui.staff..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("jp.ishikawa.id.consentui.resident..")
        .allowEmptyShould(true)
        .check(main);
  }
}
