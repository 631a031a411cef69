package io.tcconnector.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.springframework.util.FileSystemUtils;

/**
 * The packaged jar installed the way {@code deploy/systemd/README.md} installs it:
 * extracted ({@code java -Djarmode=tools extract}), started with
 * {@code deploy/jvm.options} and the class data archive that
 * {@code deploy/systemd/class-data-archive.sh} writes by a training start. Installed once
 * per test JVM under {@code target/installed}, for the tests that start the connector as
 * a process of its own, several times each (the chaos tests): each start is then ready in
 * about two thirds of the time {@code java -jar} takes.
 */
public final class InstalledConnector {

	/** The jar {@code package} builds. */
	public static final Path JAR = Path.of("target/tradecloud-webhook-connector.jar");

	private static final Path HOME = Path.of("target/installed").toAbsolutePath();

	private static boolean installed;

	private InstalledConnector() {
	}

	/**
	 * The command that starts the installed connector, in the folder with {@code config/}
	 * and {@code routes/} (the repository's root), arguments to follow. Installs it
	 * first, once per JVM.
	 * @return java, its options and the jar
	 */
	public static synchronized List<String> command() {
		Path app = HOME.resolve("app/tradecloud-webhook-connector.jar");
		Path archive = HOME.resolve("app.jsa");
		if (!installed) {
			install(archive);
			installed = true;
		}
		return new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"@" + Path.of("deploy/jvm.options").toAbsolutePath(), "-XX:SharedArchiveFile=" + archive, "-jar",
				app.toString()));
	}

	private static void install(Path archive) {
		if (!Files.isRegularFile(JAR)) {
			throw new IllegalStateException(JAR + " is missing: run the tests with mvn verify (it packages first)");
		}
		try {
			FileSystemUtils.deleteRecursively(HOME);
			Files.createDirectories(HOME);
			run("java", "-Djarmode=tools", "-jar", JAR.toAbsolutePath().toString(), "extract", "--destination",
					HOME.resolve("app").toString());
			FileSystemUtils.copyRecursively(Path.of("config"), HOME.resolve("config"));
			FileSystemUtils.copyRecursively(Path.of("routes"), HOME.resolve("routes"));
			run(Path.of("deploy/systemd/class-data-archive.sh").toAbsolutePath().toString(),
					HOME.resolve("app/tradecloud-webhook-connector.jar").toString(), archive.toString(),
					Path.of("deploy/jvm.options").toAbsolutePath().toString());
			if (!Files.isRegularFile(archive)) {
				throw new IllegalStateException("class-data-archive.sh wrote no archive; see " + HOME);
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("could not install " + JAR + " under " + HOME, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static void run(String... command) throws IOException, InterruptedException {
		Path log = HOME.resolve("install.log");
		ProcessBuilder builder = new ProcessBuilder(command).directory(HOME.toFile())
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
		// the training start needs a webhook credential, as every start does
		builder.environment().put("TRADECLOUD_WEBHOOK_BASIC_USERNAME", TestConnector.USER);
		builder.environment().put("TRADECLOUD_WEBHOOK_BASIC_PASSWORD", TestConnector.PASSWORD);
		Process process = builder.start();
		if (!process.waitFor(3, TimeUnit.MINUTES) || process.exitValue() != 0) {
			process.destroyForcibly();
			throw new IllegalStateException(String.join(" ", command) + " failed; see " + log);
		}
	}

}
