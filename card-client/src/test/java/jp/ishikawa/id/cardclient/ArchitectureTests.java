package jp.ishikawa.id.cardclient;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The shape of card-client: no Spring, no package cycles, the card layers below the protocol. */
class ArchitectureTests {

  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("jp.ishikawa.id.cardclient");

  @Test
  void classesWhenImportedThenNoSpring() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.springframework..")
        .check(CLASSES);
  }

  @Test
  void packagesWhenImportedThenFreeOfCycles() {
    slices().matching("jp.ishikawa.id.cardclient.(*)..").should().beFreeOfCycles().check(CLASSES);
  }

  @Test
  void cardAccessWhenImportedThenIndependentOfProtocolAndCli() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "jp.ishikawa.id.cardclient.apdu..",
            "jp.ishikawa.id.cardclient.card..",
            "jp.ishikawa.id.cardclient.simulator..",
            "jp.ishikawa.id.cardclient.pcsc..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "jp.ishikawa.id.cardclient.protocol..", "jp.ishikawa.id.cardclient.cli..")
        .check(CLASSES);
  }

  @Test
  void networkWhenImportedThenOnlyTheProtocolPackageOpensConnections() {
    noClasses()
        .that()
        .resideOutsideOfPackages(
            "jp.ishikawa.id.cardclient.protocol..", "jp.ishikawa.id.cardclient.cli..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("java.net.http..")
        .check(CLASSES);
  }
}
