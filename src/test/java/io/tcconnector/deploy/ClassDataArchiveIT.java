package io.tcconnector.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Class data sharing as the systemd unit sets it up, on the packaged jar: extracted the
 * way {@code deploy/systemd/README.md} installs it, {@code class-data-archive.sh} writes
 * an archive by a training start, keeps it while the jar is the same, writes it again for
 * a new jar, and the connector started with it loads its own classes and Spring's from
 * the archive instead of the jars. Run by failsafe after {@code package}.
 */
class ClassDataArchiveIT {

	static final Path JAR = Path.of("target/tradecloud-webhook-connector.jar");

	static final Path SCRIPT = Path.of("deploy/systemd/class-data-archive.sh");

	@TempDir
	Path work;

	@Test
	void theTrainingStartWritesAnArchiveOnceAndTheConnectorLoadsItsClassesFromIt() throws Exception {
		assertThat(JAR).as("the packaged connector (mvn package)").exists();
		Path app = this.work.resolve("app");
		run(this.work, "java", "-Djarmode=tools", "-jar", JAR.toAbsolutePath().toString(), "extract", "--destination",
				app.toString());
		FileSystemUtils.copyRecursively(Path.of("config"), this.work.resolve("config"));
		FileSystemUtils.copyRecursively(Path.of("routes"), this.work.resolve("routes"));
		Path jar = app.resolve("tradecloud-webhook-connector.jar");
		Path archive = this.work.resolve("data/app.jsa");
		Files.createDirectories(archive.getParent());
		String options = Path.of("deploy/jvm.options").toAbsolutePath().toString();
		String script = SCRIPT.toAbsolutePath().toString();

		// the jar named relative to the folder the script runs in
		String relativeJar = this.work.relativize(jar).toString();
		String first = run(this.work, script, relativeJar, archive.toString(), options);
		assertThat(first).contains("class data archive written");
		assertThat(archive).isNotEmptyFile();
		long written = Files.getLastModifiedTime(archive).toMillis();

		// the same jar: the archive is kept as it is, no training start
		String second = run(this.work, script, jar.toString(), archive.toString(), options);
		assertThat(second).doesNotContain("writing");
		assertThat(Files.getLastModifiedTime(archive).toMillis()).isEqualTo(written);

		// the connector started with the archive from another folder than the one it was
		// written in loads its classes from it (with -Xshare:on it refuses to start when
		// it cannot map the archive)
		Path service = this.work.resolve("service");
		FileSystemUtils.copyRecursively(Path.of("config"), service.resolve("config"));
		FileSystemUtils.copyRecursively(Path.of("routes"), service.resolve("routes"));
		Path classes = this.work.resolve("class-load.log");
		run(service, "java", "@" + options, "-Xshare:on", "-XX:SharedArchiveFile=" + archive,
				"-Xlog:class+load=info:file=" + classes, "-Dspring.context.exit=onRefresh", "-jar", jar.toString(),
				"--tradecloud.data-dir=" + this.work.resolve("started"), "--tradecloud.broker.listen-url=");
		List<String> loaded = Files.readAllLines(classes);
		assertThat(loaded).anyMatch((line) -> line.contains("io.tcconnector.ConnectorApplication source: shared"))
			.anyMatch((line) -> line.contains("org.apache.camel.impl.DefaultCamelContext source: shared"));
		long shared = loaded.stream().filter((line) -> line.contains("source: shared objects file")).count();
		assertThat(shared).as("classes from the archive of " + loaded.size()).isGreaterThan(loaded.size() * 9 / 10);

		// another jar than the archive was written for (a new version): written again
		Path sum = archive.resolveSibling("app.jsa.jar-sha256");
		String jarSum = Files.readString(sum).trim();
		assertThat(jarSum).isEqualTo(ImageTar.sha256(jar));
		Files.writeString(sum, "0".repeat(64) + "\n");
		String third = run(this.work, script, jar.toString(), archive.toString(), options);
		assertThat(third).contains("writing the class data archive", "class data archive written");
		assertThat(archive).isNotEmptyFile();
		assertThat(Files.readString(sum).trim()).isEqualTo(jarSum);
	}

	private static String run(Path dir, String... command) throws IOException, InterruptedException {
		Path log = Files.createTempFile(dir, "run", ".log");
		ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(List.of(command))).directory(dir.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile());
		builder.environment()
			.putAll(Map.of("TRADECLOUD_WEBHOOK_BASIC_USERNAME", "tradecloud", "TRADECLOUD_WEBHOOK_BASIC_PASSWORD",
					"current-password"));
		Process process = builder.start();
		assertThat(process.waitFor(3, TimeUnit.MINUTES)).as(String.join(" ", command)).isTrue();
		String output = Files.readString(log);
		assertThat(process.exitValue()).as(output).isZero();
		return output;
	}

}
