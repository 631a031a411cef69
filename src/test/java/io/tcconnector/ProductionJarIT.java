package io.tcconnector;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged jar holds the connector only: the local Tradecloud simulator and the demo
 * are test code (run from the test classes, {@code exec:java@simulator} and
 * {@code spring-boot:test-run}), never shipped. Run by failsafe after {@code package}.
 */
class ProductionJarIT {

	static final Path JAR = Path.of("target/tradecloud-webhook-connector.jar");

	static final String CLASSES = "BOOT-INF/classes/";

	@Test
	void holdsTheConnectorAndNeitherTheSimulatorNorTheDemo() throws IOException {
		assertThat(JAR).exists();
		List<String> entries;
		try (JarFile jar = new JarFile(JAR.toFile())) {
			entries = jar.stream().map(ZipEntry::getName).toList();
		}

		assertThat(entries).contains(CLASSES + "io/tcconnector/ConnectorApplication.class",
				CLASSES + "application.yaml");
		assertThat(entries).anyMatch((name) -> name.startsWith(CLASSES + "io/tcconnector/ingress/"))
			.anyMatch((name) -> name.startsWith(CLASSES + "io/tcconnector/delivery/"));
		// files, not folders: a build tree that once compiled the simulator may keep its
		// empty folder
		List<String> files = entries.stream().filter((name) -> !name.endsWith("/")).toList();
		assertThat(files).noneMatch((name) -> name.contains("io/tcconnector/simulator/"))
			.noneMatch((name) -> name.contains("io/tcconnector/demo/"))
			.noneMatch((name) -> name.contains("ConnectorDemo"));
		try (JarFile jar = new JarFile(JAR.toFile())) {
			assertThat(jar.getManifest().getMainAttributes().getValue("Start-Class"))
				.isEqualTo(ConnectorApplication.class.getName());
		}
	}

	@Test
	void everyMainClassIsInTheJar() throws IOException {
		// every class compiled from src/main is in the jar, under BOOT-INF/classes
		Path classes = Path.of("target/classes");
		List<String> compiled;
		try (var files = Files.walk(classes)) {
			compiled = files.filter((f) -> f.toString().endsWith(".class"))
				.map((f) -> CLASSES + classes.relativize(f).toString().replace('\\', '/'))
				.toList();
		}
		List<String> entries;
		try (JarFile jar = new JarFile(JAR.toFile())) {
			entries = jar.stream().map(ZipEntry::getName).toList();
		}
		assertThat(compiled).isNotEmpty();
		assertThat(entries).containsAll(compiled);
	}

}
