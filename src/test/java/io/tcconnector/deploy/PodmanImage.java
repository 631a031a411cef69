package io.tcconnector.deploy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarFile;

/**
 * The image Jib built on {@code scratch}, made runnable for podman: its layers and
 * configuration unchanged, on one more layer below them holding a Java runtime, the
 * build's own JDK (the image users build has Eclipse Temurin's there, at the same place,
 * {@code /opt/java/openjdk}) with the system libraries it links. Loaded into podman under
 * a name of its own, removed with its containers on {@link #close()}.
 */
final class PodmanImage implements AutoCloseable {

	static final String NAME = "localhost/tradecloud-webhook-connector:podman-it";

	static final String JAVA_HOME = "opt/java/openjdk";

	private static final Pattern LIBRARY = Pattern.compile("(/\\S+\\.so[.0-9]*) \\(0x");

	private final List<String> containers = new ArrayList<>();

	private final Path folder;

	private PodmanImage(Path folder) {
		this.folder = folder;
	}

	static boolean podmanInstalled() {
		return Files.isExecutable(Path.of("/usr/bin/podman"));
	}

	/**
	 * Writes the runnable image next to the Jib image and loads it into podman.
	 * @param jibImage the tar Jib built on scratch
	 * @param folder where to write the runnable image
	 * @return the loaded image
	 * @throws Exception when it cannot be written or loaded
	 */
	static PodmanImage load(Path jibImage, Path folder) throws Exception {
		Files.createDirectories(folder);
		Path base = folder.resolve("java-runtime.tar");
		writeJavaRuntimeLayer(base);
		Path image = folder.resolve("image.tar");
		writeImage(jibImage, base, image);
		String loaded = podman(300, "load", "-i", image.toString());
		if (!loaded.contains(NAME)) {
			throw new IllegalStateException("podman load: " + loaded);
		}
		return new PodmanImage(folder);
	}

	/**
	 * Starts {@code java -version} in the image.
	 * @return null when that works, otherwise why not
	 */
	String probe() {
		try {
			List<String> command = new ArrayList<>(List.of("run", "--rm"));
			command.addAll(runtimeOptions());
			command.addAll(List.of("--entrypoint", "java", NAME, "-version"));
			podman(120, command.toArray(String[]::new));
			return null;
		}
		catch (Exception ex) {
			return ex.getMessage();
		}
	}

	/**
	 * Starts the connector, on the host's network, with its volumes on the given folders.
	 * @param data the folder for {@code /data}
	 * @param outbox the folder for {@code /outbox}
	 * @param environment {@code NAME=value} settings
	 * @return the container's name
	 * @throws Exception when it does not start
	 */
	String run(Path data, Path outbox, String... environment) throws Exception {
		String name = "tradecloud-connector-it-" + ProcessHandle.current().pid() + "-" + this.containers.size();
		List<String> command = new ArrayList<>(List.of("run", "-d", "--name", name, "--network", "host"));
		command.addAll(runtimeOptions());
		for (Path folder : List.of(data, outbox)) {
			Files.createDirectories(folder);
			// the image's user (10001) writes there
			Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxrwxrwx"));
		}
		command.addAll(List.of("-v", data.toAbsolutePath() + ":/data", "-v", outbox.toAbsolutePath() + ":/outbox"));
		for (String variable : environment) {
			command.addAll(List.of("-e", variable));
		}
		command.add(NAME);
		podman(120, command.toArray(String[]::new));
		this.containers.add(name);
		return name;
	}

	/**
	 * Stops a container as podman does (SIGTERM, up to 90 s before SIGKILL).
	 * @param container the container
	 * @return its exit code
	 * @throws Exception when podman fails
	 */
	int stop(String container) throws Exception {
		podman(150, "stop", "-t", "90", container);
		return Integer.parseInt(podman(30, "inspect", "-f", "{{.State.ExitCode}}", container).trim());
	}

	String logs(String container) throws Exception {
		return podman(60, "logs", container);
	}

	@Override
	public void close() throws Exception {
		for (String container : this.containers) {
			podman(120, "rm", "-f", container);
		}
		podman(120, "rmi", "-f", NAME);
		// half a gigabyte
		Files.deleteIfExists(this.folder.resolve("image.tar"));
		Files.deleteIfExists(this.folder.resolve("java-runtime.tar"));
	}

	/**
	 * What podman needs on this kind of machine: runc where installed (crun refuses
	 * cgroups in hybrid mode), and limits the container may set without privileges.
	 */
	static List<String> runtimeOptions() {
		List<String> options = new ArrayList<>();
		if (Files.isExecutable(Path.of("/usr/sbin/runc")) || Files.isExecutable(Path.of("/usr/bin/runc"))) {
			options.add("--runtime=runc");
		}
		options.addAll(List.of("--ulimit", "nofile=4096:4096", "--ulimit", "nproc=4096:4096"));
		return options;
	}

	static String podman(int seconds, String... arguments) throws Exception {
		List<String> command = new ArrayList<>(List.of("/usr/bin/podman"));
		command.addAll(List.of(arguments));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		ByteArrayOutputStream output = new ByteArrayOutputStream();
		Thread reader = new Thread(() -> {
			try (InputStream in = process.getInputStream()) {
				in.transferTo(output);
			}
			catch (IOException ex) {
				// the process ended
			}
		});
		reader.start();
		if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new IllegalStateException("podman " + arguments[0] + " did not end in " + seconds + " s");
		}
		reader.join();
		String text = output.toString(StandardCharsets.UTF_8);
		if (process.exitValue() != 0) {
			throw new IllegalStateException("podman " + String.join(" ", arguments) + ": " + text.strip());
		}
		return text;
	}

	/**
	 * A layer with the build's JDK (without what only compiling needs) at
	 * {@code /opt/java/openjdk}, every shared library it links (as {@code ldd} finds
	 * them), {@code /tmp} and a user 10001.
	 */
	static void writeJavaRuntimeLayer(Path layer) throws Exception {
		Path home = Path.of(System.getProperty("java.home")).toRealPath();
		Set<Path> libraries = new LinkedHashSet<>();
		List<Path> natives;
		try (Stream<Path> files = Files.walk(home, FileVisitOption.FOLLOW_LINKS)) {
			natives = files.filter((f) -> f.toString().endsWith(".so") || f.getParent().endsWith("bin")).toList();
		}
		for (Path file : natives) {
			Process ldd = new ProcessBuilder("ldd", file.toString()).redirectErrorStream(true).start();
			String output = new String(ldd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			ldd.waitFor();
			Matcher library = LIBRARY.matcher(output);
			while (library.find()) {
				Path path = Path.of(library.group(1)).normalize();
				if (!path.startsWith(home)) {
					libraries.add(path);
				}
			}
		}
		try (OutputStream out = Files.newOutputStream(layer);
				TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
			tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
			directory(tar, "tmp/", 01777);
			directory(tar, "etc/", 0755);
			file(tar, "etc/passwd", 0644,
					"root:x:0:0:root:/root:/sbin/nologin\nconnector:x:10001:0::/tmp:/sbin/nologin\n"
						.getBytes(StandardCharsets.US_ASCII));
			file(tar, "etc/group", 0644, "root:x:0:\n".getBytes(StandardCharsets.US_ASCII));
			Set<String> folders = new LinkedHashSet<>();
			for (Path library : libraries) {
				String name = library.toString().substring(1);
				parents(tar, name, folders);
				file(tar, name, 0755, Files.readAllBytes(library));
			}
			parents(tar, JAVA_HOME + "/x", folders);
			try (Stream<Path> files = Files.walk(home, FileVisitOption.FOLLOW_LINKS)) {
				for (Path file : files.sorted().toList()) {
					String relative = home.relativize(file).toString();
					if (relative.isEmpty() || relative.startsWith("jmods") || relative.startsWith("include")
							|| relative.startsWith("man") || relative.startsWith("docs")
							|| relative.endsWith("src.zip")) {
						continue;
					}
					String name = JAVA_HOME + "/" + relative;
					if (Files.isDirectory(file)) {
						directory(tar, name + "/", 0755);
					}
					else {
						file(tar, name, Files.isExecutable(file) ? 0755 : 0644, Files.readAllBytes(file));
					}
				}
			}
		}
	}

	/** The Jib image with the runtime layer below its own, PATH and JAVA_HOME set. */
	static void writeImage(Path jibImage, Path runtimeLayer, Path image) throws IOException {
		ObjectMapper json = new ObjectMapper();
		ImageTar jib = ImageTar.read(jibImage);
		ObjectNode config = (ObjectNode) jib.config().deepCopy();
		ArrayNode diffIds = (ArrayNode) config.path("rootfs").path("diff_ids");
		diffIds.insert(0, "sha256:" + ImageTar.sha256(runtimeLayer));
		ArrayNode history = (ArrayNode) config.path("history");
		history.insert(0,
				json.createObjectNode()
					.put("created_by", "ContainerImageIT")
					.put("comment", "the build's Java runtime, where eclipse-temurin has its own"));
		ArrayNode env = (ArrayNode) config.path("config").path("Env");
		env.add("JAVA_HOME=/" + JAVA_HOME);
		env.add("PATH=/" + JAVA_HOME + "/bin:/usr/bin:/bin");
		ObjectNode manifest = (ObjectNode) jib.manifest().deepCopy();
		ArrayNode layers = (ArrayNode) manifest.path("Layers");
		layers.insert(0, "java-runtime.tar");
		manifest.putArray("RepoTags").add(NAME);

		try (OutputStream out = Files.newOutputStream(image);
				TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
				TarFile source = new TarFile(jibImage.toFile())) {
			tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
			tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
			TarArchiveEntry runtime = new TarArchiveEntry("java-runtime.tar");
			runtime.setSize(Files.size(runtimeLayer));
			tar.putArchiveEntry(runtime);
			Files.copy(runtimeLayer, tar);
			tar.closeArchiveEntry();
			for (TarArchiveEntry entry : source.getEntries()) {
				if (entry.getName().endsWith(".tar.gz")) {
					TarArchiveEntry layer = new TarArchiveEntry(entry.getName());
					layer.setSize(entry.getSize());
					tar.putArchiveEntry(layer);
					try (InputStream in = source.getInputStream(entry)) {
						in.transferTo(tar);
					}
					tar.closeArchiveEntry();
				}
			}
			file(tar, manifest.path("Config").asText(), 0644, json.writeValueAsBytes(config));
			file(tar, "manifest.json", 0644, json.writeValueAsBytes(json.createArrayNode().add(manifest)));
		}
	}

	static void parents(TarArchiveOutputStream tar, String name, Set<String> written) throws IOException {
		int slash = name.indexOf('/');
		while (slash > 0) {
			String folder = name.substring(0, slash + 1);
			if (written.add(folder)) {
				directory(tar, folder, 0755);
			}
			slash = name.indexOf('/', slash + 1);
		}
	}

	static void directory(TarArchiveOutputStream tar, String name, int mode) throws IOException {
		TarArchiveEntry entry = new TarArchiveEntry(name);
		entry.setMode(TarArchiveEntry.DEFAULT_DIR_MODE & ~07777 | mode);
		tar.putArchiveEntry(entry);
		tar.closeArchiveEntry();
	}

	static void file(TarArchiveOutputStream tar, String name, int mode, byte[] content) throws IOException {
		TarArchiveEntry entry = new TarArchiveEntry(name);
		entry.setMode(TarArchiveEntry.DEFAULT_FILE_MODE & ~07777 | mode);
		entry.setSize(content.length);
		tar.putArchiveEntry(entry);
		tar.write(content);
		tar.closeArchiveEntry();
	}

	static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
