package dev.runbox.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaConstructorCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class ArchitectureTest {
  private static final JavaClasses MAIN =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.runbox");

  @Test
  void onlyTheDockerSandboxImportsDockerJava() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.runbox.sandbox.docker..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("com.github.dockerjava..")
        .check(MAIN);
  }

  @Test
  void theCoreDependsOnNothingButTheJdkAndSlf4j() {
    noClasses()
        .that()
        .resideInAPackage("dev.runbox.core..")
        .should()
        .dependOnClassesThat()
        .resideOutsideOfPackages("dev.runbox.core..", "java..", "org.slf4j..")
        .check(MAIN);
  }

  @Test
  void onlyTheCompositionRootKnowsEveryPart() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.runbox.app..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.runbox.app..")
        .check(MAIN);
  }

  @Test
  void theHttpLayerNeverTouchesTheDockerSandbox() {
    noClasses()
        .that()
        .resideInAnyPackage("dev.runbox.http..", "dev.runbox.cli..", "dev.runbox.images..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.runbox.sandbox..")
        .check(MAIN);
  }

  @Test
  void theServiceGraphIsBuiltInOnePlace() {
    noClasses()
        .that()
        .doNotHaveFullyQualifiedName(Wiring.class.getName())
        .should()
        .callConstructorWhere(partOfTheGraphBuiltElsewhere())
        .because("the composition root (app.Wiring) is the one place the object graph is built")
        .check(MAIN);
  }

  /** A call to a constructor of a part of the service graph, from outside that part's own class. */
  private static DescribedPredicate<JavaConstructorCall> partOfTheGraphBuiltElsewhere() {
    String parts =
        "dev\\.runbox\\.(core\\.(RunService|AdmissionGate)|http\\.HttpServer|metrics\\.MetricsObserver"
            + "|sandbox\\.docker\\.(DockerSandbox|Reaper|EngineReadiness))";
    return DescribedPredicate.describe(
        "it builds a part of the service graph",
        call ->
            call.getTargetOwner().getName().matches(parts)
                && !call.getOriginOwner().equals(call.getTargetOwner()));
  }

  @Test
  void theApisOfTheHttpEdgeDoNotUseEachOther() {
    String[] apis = {
      "dev.runbox.http.api..", "dev.runbox.http.cyberdojo..", "dev.runbox.http.piston.."
    };
    for (String api : apis) {
      for (String other : apis) {
        if (!other.equals(api)) {
          noClasses()
              .that()
              .resideInAPackage(api)
              .should()
              .dependOnClassesThat()
              .resideInAPackage(other)
              .check(MAIN);
        }
      }
    }
  }

  @Test
  void theSharedHttpEdgeKnowsTheApisOnlyWhereTheServerMountsThem() {
    noClasses()
        .that()
        .resideInAPackage("dev.runbox.http")
        .and()
        .doNotHaveFullyQualifiedName("dev.runbox.http.HttpServer")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.runbox.http.api..", "dev.runbox.http.cyberdojo..", "dev.runbox.http.piston..")
        .check(MAIN);
  }

  @Test
  void theHttpEdgeTakesSettingsAndAViewOfTheCatalogNotTheConfigurationOrTheCatalogItself() {
    noClasses()
        .that()
        .resideInAPackage("dev.runbox.http..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.runbox.config..")
        .check(MAIN);
    noClasses()
        .that()
        .resideInAPackage("dev.runbox.http..")
        .should()
        .dependOnClassesThat()
        .haveFullyQualifiedName("dev.runbox.images.ImageCatalogDirectory")
        .check(MAIN);
  }
}
