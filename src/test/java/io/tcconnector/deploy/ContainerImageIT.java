package io.tcconnector.deploy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.tcconnector.support.TestConnector;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.abort;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The container image (deploy/container/README.md) as Jib builds it. {@code verify}
 * builds it on the empty base {@code scratch} (no registry is needed: this image has no
 * Java and does not run), with the configuration of the image users build on
 * {@code eclipse-temurin:17-jre}; this reads {@code target/jib-image-scratch.tar}: a user
 * that is not root, the ports, the volumes, the entry point and the environment (nothing
 * but the folders: the jar's defaults), and layers that hold exactly the classes and
 * libraries of the jar the build packaged, byte for byte, with the repository's
 * {@code config/} and {@code routes/}. Where podman runs, the same layers on a Java
 * runtime assembled from the build's own JDK ({@link PodmanImage}) start as a container
 * that takes a webhook, writes the event to its outbox volume and stops gracefully on
 * SIGTERM.
 */
class ContainerImageIT {

	static final Path IMAGE = Path.of("target/jib-image-scratch.tar");

	static final Path JAR = Path.of("target/tradecloud-webhook-connector.jar");

	static ImageTar image;

	@BeforeAll
	static void readImage() {
		assertThat(IMAGE).as("the image built by verify (jib:buildTar@image-on-scratch)").exists();
		image = ImageTar.read(IMAGE);
	}

	@Test
	void runsTheConnectorAsAUserThatIsNotRootWithItsPortsAndVolumes() {
		JsonNode config = image.config().path("config");
		assertThat(config.path("User").asText()).isEqualTo("10001:0");
		assertThat(fieldNames(config.path("ExposedPorts"))).containsExactlyInAnyOrder("8443/tcp", "9090/tcp");
		assertThat(fieldNames(config.path("Volumes"))).containsExactlyInAnyOrder("/data", "/outbox");
		assertThat(config.path("WorkingDir").asText()).isEqualTo("/app");
		assertThat(strings(config.path("Entrypoint"))).containsExactly("java", "@/app/jvm.options", "-cp",
				"@/app/jib-classpath-file", "io.tcconnector.ConnectorApplication");
		assertThat(config.path("Cmd").isMissingNode() || config.path("Cmd").isNull()).isTrue();
		// the jar's defaults: nothing set but where the volumes are
		assertThat(strings(config.path("Env"))).containsExactlyInAnyOrder("TRADECLOUD_DATADIR=/data",
				"TRADECLOUD_OUTPUTDIR=/outbox");
		assertThat(image.config().path("os").asText()).isEqualTo("linux");
	}

	@Test
	void holdsTheClassesAndLibrariesOfTheJarBuilt() throws IOException {
		Map<String, String> libs = new LinkedHashMap<>();
		Map<String, String> classes = new LinkedHashMap<>();
		Map<String, String> resources = new LinkedHashMap<>();
		String startClass;
		try (JarFile jar = new JarFile(JAR.toFile())) {
			startClass = jar.getManifest().getMainAttributes().getValue("Start-Class");
			for (JarEntry entry : jar.stream().filter((e) -> !e.isDirectory()).toList()) {
				String name = entry.getName();
				if (name.startsWith("BOOT-INF/lib/") && !name.startsWith("BOOT-INF/lib/spring-boot-jarmode-tools-")) {
					libs.put(name.substring("BOOT-INF/lib/".length()), sha256(jar, entry));
				}
				else if (name.startsWith("META-INF/") && !name.endsWith("/")
						&& java.nio.file.Files.isRegularFile(Path.of("target/classes").resolve(name))) {
					// the jar keeps what target/classes/META-INF holds (the configuration
					// metadata, spring.factories) beside its manifest
					resources.put(name, sha256(jar, entry));
				}
				else if (name.startsWith("BOOT-INF/classes/")) {
					String path = name.substring("BOOT-INF/classes/".length());
					(name.endsWith(".class") ? classes : resources).put(path, sha256(jar, entry));
				}
			}
		}
		assertThat(libs).hasSizeGreaterThan(100);
		assertThat(image.filesUnder("app/libs")).isEqualTo(libs);
		assertThat(image.filesUnder("app/classes")).isEqualTo(classes);
		assertThat(image.filesUnder("app/resources")).isEqualTo(resources);
		assertThat(startClass).isEqualTo("io.tcconnector.ConnectorApplication");
		assertThat(image.entries().get("app/jib-main-class-file").sha256())
			.isEqualTo(ImageTar.sha256(new ByteArrayInputStream(startClass.getBytes())));
	}

	@Test
	void holdsTheRepositorysConfigRoutesAndJvmOptionsAndWritableFolders() throws IOException {
		assertThat(image.filesUnder("app/config")).isEqualTo(filesIn(Path.of("config")));
		assertThat(image.filesUnder("app/routes")).isEqualTo(filesIn(Path.of("routes")));
		assertThat(image.entries().get("app/jvm.options").sha256())
			.isEqualTo(ImageTar.sha256(Path.of("deploy/jvm.options")));
		for (String folder : List.of("data", "outbox")) {
			ImageTar.Entry entry = image.entries().get(folder);
			assertThat(entry).as(folder).isNotNull();
			assertThat(entry.directory()).isTrue();
			// owned by root, writable by the root group the user is in, by nobody else
			assertThat(entry.uid()).isZero();
			assertThat(entry.gid()).isZero();
			assertThat(Integer.toOctalString(entry.mode())).isEqualTo("775");
			assertThat(image.filesUnder(folder)).as("nothing in " + folder).isEmpty();
		}
		image.entries().forEach((name, entry) -> {
			assertThat(entry.uid()).as(name).isZero();
			assertThat(entry.mode() & 02).as(name + " writable by everyone").isZero();
		});
	}

	@Test
	void runsUnderPodmanTakesAWebhookAndStopsGracefully() throws Exception {
		assumeTrue(PodmanImage.podmanInstalled(), "podman is not installed (Debian's podman package)");
		TestConnector connector = new TestConnector();
		try (PodmanImage podman = PodmanImage.load(IMAGE, Path.of("target/podman-image"))) {
			String probe = podman.probe();
			if (probe != null) {
				abort("podman cannot start a container on this machine: " + probe);
			}
			int port = PodmanImage.freePort();
			String container = podman.run(connector.dataDir(), connector.outputDir(), "SERVER_PORT=" + port,
					"TRADECLOUD_BROKER_LISTENURL=tcp://127.0.0.1:" + connector.brokerPort(),
					"TRADECLOUD_WEBHOOK_BASIC_USERNAME=" + TestConnector.USER,
					"TRADECLOUD_WEBHOOK_BASIC_PASSWORD=" + TestConnector.PASSWORD);
			Path certificate = connector.dataDir().resolve("tls/localhost-cert.pem");
			await().atMost(Duration.ofMinutes(3))
				.pollInterval(Duration.ofMillis(500))
				.ignoreExceptions()
				.until(() -> Files.exists(certificate)
						&& connector.send(port, "GET", "/actuator/health", null, null, null).body().contains("UP"));

			String messageId = "podman-" + System.nanoTime();
			byte[] order = TestConnector
				.withMessageId(TestConnector.read(Path.of("src/test/resources/samples/order-event.json")), messageId);
			assertThat(connector.post(port, order, "application/json").statusCode()).isEqualTo(202);
			String sent = ImageTar.sha256(new ByteArrayInputStream(order));
			await().atMost(Duration.ofSeconds(60))
				.until(() -> connector.orderFiles().stream().anyMatch((file) -> ImageTar.sha256(file).equals(sent)));

			// podman stop: SIGTERM, then the JVM's exit after its shutdown hooks
			assertThat(podman.stop(container)).isEqualTo(143);
			assertThat(podman.logs(container)).containsSubsequence("Commencing graceful shutdown",
					"Graceful shutdown complete", "AMQ221002");
		}
	}

	static String sha256(JarFile jar, JarEntry entry) throws IOException {
		try (InputStream in = jar.getInputStream(entry)) {
			return ImageTar.sha256(in);
		}
	}

	static Map<String, String> filesIn(Path folder) throws IOException {
		Map<String, String> files = new LinkedHashMap<>();
		try (Stream<Path> paths = Files.walk(folder)) {
			paths.filter(Files::isRegularFile)
				.sorted()
				.forEach((file) -> files.put(folder.relativize(file).toString().replace('\\', '/'),
						ImageTar.sha256(file)));
		}
		return files;
	}

	static List<String> fieldNames(JsonNode node) {
		List<String> names = new ArrayList<>();
		node.fieldNames().forEachRemaining(names::add);
		return names;
	}

	static List<String> strings(JsonNode node) {
		List<String> values = new ArrayList<>();
		node.forEach((value) -> values.add(value.asText()));
		return values;
	}

}
