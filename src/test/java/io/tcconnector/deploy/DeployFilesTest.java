package io.tcconnector.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.yaml.snakeyaml.Yaml;

import org.springframework.boot.convert.DurationStyle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The files in {@code deploy/} that install the connector: the systemd unit, the Windows
 * service (WinSW) and the Kubernetes manifests. Each parses; each gives the connector
 * longer to stop than its own graceful shutdown takes; each runs the jar with the JVM
 * options of {@code deploy/jvm.options}; and every setting they pass (environment
 * variables, Secrets) is a setting of the connector (the configuration metadata of the
 * build and of Spring Boot, Camel and the libraries), so that a misspelt name cannot go
 * unnoticed. The manifests probe Actuator's liveness and readiness groups on the
 * management port they configure and mount every route file of {@code routes/} where the
 * connector reads it.
 */
@SuppressWarnings("unchecked")
class DeployFilesTest {

	static final Path DEPLOY = Path.of("deploy");

	/** The names of every setting, in their environment variable form. */
	static Set<String> settings = new LinkedHashSet<>();

	/** The same for settings that are maps (a variable may add a key below them). */
	static Set<String> mapSettings = new LinkedHashSet<>();

	/** How long the connector takes at most to stop by itself. */
	static Duration gracefulStop;

	@BeforeAll
	static void readSettings() throws IOException {
		ObjectMapper json = new ObjectMapper();
		Enumeration<URL> metadata = DeployFilesTest.class.getClassLoader()
			.getResources("META-INF/spring-configuration-metadata.json");
		int files = 0;
		while (metadata.hasMoreElements()) {
			files++;
			try (InputStream in = metadata.nextElement().openStream()) {
				for (JsonNode property : json.readTree(in).path("properties")) {
					for (String name : environmentNames(property.path("name").asText())) {
						settings.add(name);
						if (property.path("type").asText().startsWith("java.util.Map")) {
							mapSettings.add(name);
						}
					}
				}
			}
		}
		assertThat(files).as("metadata files: the project's, Spring Boot's, Camel's").isGreaterThan(3);
		assertThat(settings).contains("TRADECLOUD_OUTPUTDIR", "SERVER_PORT", "MANAGEMENT_SERVER_PORT",
				"SPRING_ARTEMIS_BROKERURL", "CAMEL_MAIN_SHUTDOWNTIMEOUT");

		Map<String, Object> defaults = new Yaml()
			.load(Files.readString(Path.of("src/main/resources/application.yaml")));
		Duration web = DurationStyle
			.detectAndParse(String.valueOf(path(defaults, "spring", "lifecycle", "timeout-per-shutdown-phase")));
		Duration routes = Duration
			.ofSeconds(Long.parseLong(String.valueOf(path(defaults, "camel", "main", "shutdown-timeout"))));
		gracefulStop = web.plus(routes);
		assertThat(gracefulStop).isEqualTo(Duration.ofSeconds(45));
	}

	@Test
	void everyVariableTheDeployFilesSetIsASettingOfTheConnector() throws Exception {
		Map<String, String> variables = new LinkedHashMap<>();
		systemdUnit().getOrDefault("Environment", List.of())
			.forEach((assignment) -> variables.put(assignment.substring(0, assignment.indexOf('=')), "systemd unit"));
		for (String line : Files.readAllLines(DEPLOY.resolve("systemd/connector.env.example"))) {
			if (!line.isBlank() && !line.startsWith("#")) {
				variables.put(line.substring(0, line.indexOf('=')), "connector.env.example");
			}
		}
		NodeList env = windowsService().getElementsByTagName("env");
		for (int i = 0; i < env.getLength(); i++) {
			variables.put(((Element) env.item(i)).getAttribute("name"), "tradecloud-connector.xml");
		}
		for (Map<String, Object> object : kubernetesObjects()) {
			if ("Secret".equals(object.get("kind"))) {
				((Map<String, Object>) object.get("stringData")).keySet()
					.forEach((name) -> variables.put(name, "Secret " + path(object, "metadata", "name")));
			}
			for (Map<String, Object> container : containers(object)) {
				for (Map<String, Object> variable : (List<Map<String, Object>>) container.get("env")) {
					variables.put((String) variable.get("name"),
							object.get("kind") + " " + path(object, "metadata", "name"));
				}
			}
		}
		assertThat(variables).hasSizeGreaterThan(20);
		variables.forEach((name, where) -> assertThat(isSetting(name)).as(name + " in " + where).isTrue());
		assertThat(isSetting("TRADECLOUD_OUTBOXDIR")).as("a misspelt name").isFalse();
	}

	@Test
	void theSystemdUnitRunsTheJarAsItsOwnUserHardenedAndStopsGracefully() throws IOException {
		Map<String, List<String>> unit = systemdUnit();
		assertThat(one(unit, "User")).isEqualTo("tradecloud-connector");
		assertThat(one(unit, "ExecStart")).isEqualTo("/usr/bin/java @/opt/tradecloud-connector/jvm.options"
				+ " -XX:SharedArchiveFile=/var/lib/tradecloud-connector/app.jsa"
				+ " -jar /opt/tradecloud-connector/app/tradecloud-webhook-connector.jar");
		// the class data archive, written where the service may write, for the jar it
		// runs; a failed training ("-") does not keep the connector from starting
		assertThat(one(unit, "ExecStartPre")).isEqualTo("-/opt/tradecloud-connector/class-data-archive.sh"
				+ " /opt/tradecloud-connector/app/tradecloud-webhook-connector.jar"
				+ " /var/lib/tradecloud-connector/app.jsa /opt/tradecloud-connector/jvm.options");
		assertThat(Files.isExecutable(DEPLOY.resolve("systemd/class-data-archive.sh"))).isTrue();
		assertThat(one(unit, "WorkingDirectory")).isEqualTo("/opt/tradecloud-connector");
		assertThat(one(unit, "EnvironmentFile")).isEqualTo("/etc/tradecloud-connector/connector.env");
		assertThat(one(unit, "ProtectSystem")).isEqualTo("strict");
		assertThat(one(unit, "NoNewPrivileges")).isEqualTo("yes");
		assertThat(one(unit, "PrivateTmp")).isEqualTo("yes");
		assertThat(one(unit, "Restart")).isEqualTo("on-failure");
		assertThat(one(unit, "SuccessExitStatus")).isEqualTo("143");
		assertThat(one(unit, "CapabilityBoundingSet")).isEmpty();
		// writable: the data folder (StateDirectory) and the outbox, nothing else
		assertThat(unit.get("Environment")).contains("TRADECLOUD_DATADIR=/var/lib/" + one(unit, "StateDirectory"),
				"TRADECLOUD_OUTPUTDIR=" + one(unit, "ReadWritePaths"));
		assertThat(unit).doesNotContainKeys("ReadWriteDirectories", "MemoryDenyWriteExecute");
		assertThat(DurationStyle.detectAndParse(one(unit, "TimeoutStopSec"))).isGreaterThan(gracefulStop);
	}

	@Test
	void systemdAcceptsTheUnit() throws Exception {
		Path analyze = Path.of("/usr/bin/systemd-analyze");
		assumeTrue(Files.isExecutable(analyze), "systemd-analyze is not installed (Debian's systemd package)");
		Path copy = Files.createTempDirectory("unit").resolve("tradecloud-connector.service");
		Files.copy(DEPLOY.resolve("systemd/tradecloud-connector.service"), copy);
		Process verify = new ProcessBuilder(analyze.toString(), "verify", copy.toString()).redirectErrorStream(true)
			.start();
		String output = new String(verify.getInputStream().readAllBytes());
		assertThat(verify.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(verify.exitValue()).as(output).isZero();
		assertThat(output).as("no warning").isBlank();
	}

	@Test
	void theWindowsServiceRunsTheJarWithItsJvmOptionsAndStopsGracefully() throws Exception {
		Element service = windowsService().getDocumentElement();
		assertThat(service.getTagName()).isEqualTo("service");
		assertThat(text(service, "id")).isEqualTo("tradecloud-connector");
		assertThat(text(service, "executable")).isEqualTo("%JAVA_HOME%\\bin\\java.exe");
		assertThat(text(service, "arguments"))
			.isEqualTo("\"@%BASE%\\jvm.options\" \"-XX:SharedArchiveFile=%BASE%\\data\\app.jsa\" -jar "
					+ "\"%BASE%\\app\\tradecloud-webhook-connector.jar\"")
			.doesNotContain("-Xrs");
		assertThat(text(service, "workingdirectory")).isEqualTo("%BASE%");
		assertThat(DurationStyle.detectAndParse(text(service, "stoptimeout").replace(" sec", "s")))
			.isGreaterThan(gracefulStop);
		assertThat(((Element) service.getElementsByTagName("onfailure").item(0)).getAttribute("action"))
			.isEqualTo("restart");
		assertThat(((Element) service.getElementsByTagName("log").item(0)).getAttribute("mode"))
			.isEqualTo("roll-by-size");
		assertThat(text(service, "user")).isEqualTo("LocalService");
		assertThat(service.getElementsByTagName("password").getLength()).as("no password in the file").isZero();
	}

	@Test
	void theKubernetesWorkloadsProbeHealthMountRoutesAndStopGracefully() throws IOException {
		List<Map<String, Object>> workloads = kubernetesObjects().stream()
			.filter((object) -> !containers(object).isEmpty())
			.toList();
		assertThat(workloads).extracting((object) -> object.get("kind"))
			.containsExactlyInAnyOrder("StatefulSet", "Deployment");
		for (Map<String, Object> workload : workloads) {
			String kind = (String) workload.get("kind");
			Map<String, Object> pod = (Map<String, Object>) path(workload, "spec", "template", "spec");
			Map<String, Object> container = containers(workload).get(0);
			Map<String, String> env = new LinkedHashMap<>();
			((List<Map<String, Object>>) container.get("env"))
				.forEach((variable) -> env.put((String) variable.get("name"), (String) variable.get("value")));

			Map<String, Integer> ports = new LinkedHashMap<>();
			((List<Map<String, Object>>) container.get("ports"))
				.forEach((port) -> ports.put((String) port.get("name"), (Integer) port.get("containerPort")));
			assertThat(ports).as(kind)
				.containsEntry("https", 8443)
				.containsEntry("management", Integer.valueOf(env.get("MANAGEMENT_SERVER_PORT")));
			assertThat(env).as(kind)
				.containsEntry("MANAGEMENT_SERVER_SSL_ENABLED", "false")
				.containsEntry("MANAGEMENT_ENDPOINT_HEALTH_PROBES_ENABLED", "true");
			assertThat(path(container, "startupProbe", "httpGet", "path")).isEqualTo("/actuator/health/liveness");
			assertThat(path(container, "livenessProbe", "httpGet", "path")).isEqualTo("/actuator/health/liveness");
			assertThat(path(container, "readinessProbe", "httpGet", "path")).isEqualTo("/actuator/health/readiness");
			for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
				assertThat(path(container, probe, "httpGet", "port")).as(kind + " " + probe).isEqualTo("management");
			}
			// the grace period covers the preStop pause and the connector's own stop
			List<String> preStop = (List<String>) path(container, "lifecycle", "preStop", "exec", "command");
			assertThat(preStop).hasSize(2).first().isEqualTo("sleep");
			assertThat(Duration.ofSeconds(((Number) pod.get("terminationGracePeriodSeconds")).longValue()))
				.isGreaterThan(gracefulStop.plusSeconds(Long.parseLong(preStop.get(1))));
			assertThat(path(pod, "securityContext", "runAsNonRoot")).isEqualTo(true);
			assertThat(path(container, "securityContext", "readOnlyRootFilesystem")).isEqualTo(true);

			Map<String, String> mounts = new LinkedHashMap<>();
			((List<Map<String, Object>>) container.get("volumeMounts"))
				.forEach((mount) -> mounts.put((String) mount.get("mountPath"), (String) mount.get("name")));
			assertThat(mounts).as(kind).containsKeys("/data", "/outbox", "/app/config", "/app/routes", "/tmp");
			Map<String, Object> routes = ((List<Map<String, Object>>) pod.get("volumes")).stream()
				.filter((volume) -> "routes".equals(volume.get("name")))
				.findFirst()
				.orElseThrow();
			Map<String, String> items = new LinkedHashMap<>();
			((List<Map<String, Object>>) path(routes, "configMap", "items"))
				.forEach((item) -> items.put((String) item.get("key"), (String) item.get("path")));
			assertThat(items).as(kind + ": every route file, where the connector reads it").isEqualTo(routeKeys());
		}
		Map<String, Object> single = workloads.stream()
			.filter((w) -> "StatefulSet".equals(w.get("kind")))
			.findFirst()
			.orElseThrow();
		assertThat(path(single, "spec", "replicas")).isEqualTo(1);
		Map<String, Object> cluster = workloads.stream()
			.filter((w) -> "Deployment".equals(w.get("kind")))
			.findFirst()
			.orElseThrow();
		assertThat((Integer) path(cluster, "spec", "replicas")).isGreaterThan(1);
	}

	@Test
	void theRoutesConfigMapIsMadeOfTheRepositorysRoutesAndTheSecretsHoldPlaceholders() throws IOException {
		Map<String, Object> kustomization = new Yaml()
			.load(Files.readString(DEPLOY.resolve("kubernetes/base/kustomization.yaml")));
		Map<String, List<String>> generated = new LinkedHashMap<>();
		for (Map<String, Object> generator : (List<Map<String, Object>>) kustomization.get("configMapGenerator")) {
			generated.put((String) generator.get("name"), (List<String>) generator.get("files"));
		}
		assertThat(generated.get("tradecloud-connector-config"))
			.containsExactly("application.yaml=../../../config/application.yaml");
		List<String> expected = new ArrayList<>();
		routeKeys().forEach((key, path) -> expected.add(key + "=../../../routes/" + path));
		assertThat(generated.get("tradecloud-connector-routes")).containsExactlyInAnyOrderElementsOf(expected);
		for (String file : generated.values().stream().flatMap(List::stream).toList()) {
			assertThat(DEPLOY.resolve("kubernetes/base").resolve(file.substring(file.indexOf('=') + 1))).exists();
		}
		for (Map<String, Object> object : kubernetesObjects()) {
			if ("Secret".equals(object.get("kind"))) {
				((Map<String, String>) object.get("stringData")).forEach((name, value) -> {
					if (name.endsWith("PASSWORD")) {
						assertThat(value).as(name).startsWith("replace-with-");
					}
				});
			}
		}
	}

	@Test
	void kustomizeBuildsBothOverlays() throws Exception {
		Path kubectl = Stream.of("/usr/bin/kubectl", "/usr/local/bin/kubectl")
			.map(Path::of)
			.filter(Files::isExecutable)
			.findFirst()
			.orElse(null);
		assumeTrue(kubectl != null, "kubectl (with its kustomize) is not installed");
		for (String overlay : List.of("single", "cluster")) {
			Process build = new ProcessBuilder(kubectl.toString(), "kustomize", "--load-restrictor",
					"LoadRestrictionsNone", DEPLOY.resolve("kubernetes").resolve(overlay).toString())
				.redirectErrorStream(true)
				.start();
			String output = new String(build.getInputStream().readAllBytes());
			assertThat(build.waitFor(60, TimeUnit.SECONDS)).isTrue();
			assertThat(build.exitValue()).as(output).isZero();
			List<String> kinds = new ArrayList<>();
			for (Object document : new Yaml().loadAll(output)) {
				kinds.add((String) ((Map<String, Object>) document).get("kind"));
			}
			assertThat(kinds).as(overlay).contains("ConfigMap", "Secret", "Service");
			assertThat(kinds).as(overlay).containsAnyOf("StatefulSet", "Deployment");
		}
	}

	/** The keys of the routes ConfigMap, to the path under routes/ of each file. */
	static Map<String, String> routeKeys() throws IOException {
		Map<String, String> keys = new LinkedHashMap<>();
		Path routes = Path.of("routes");
		try (Stream<Path> files = Files.walk(routes)) {
			files.filter((file) -> file.toString().endsWith(".camel.yaml")).sorted().forEach((file) -> {
				String path = routes.relativize(file).toString().replace('\\', '/');
				keys.put(path.replace('/', '_'), path);
			});
		}
		assertThat(keys).hasSizeGreaterThan(10);
		return keys;
	}

	static boolean isSetting(String variable) {
		if (settings.contains(variable.replaceAll("_[0-9]+_?$", ""))) {
			return true;
		}
		return mapSettings.stream().anyMatch((map) -> variable.startsWith(map + "_"));
	}

	/**
	 * The environment variables Spring Boot binds to a property: dots to {@code _}, upper
	 * case, dashes left out ({@code SPRING_ARTEMIS_BROKERURL}) or, the older form, turned
	 * into {@code _} as well ({@code SPRING_ARTEMIS_BROKER_URL}).
	 */
	static List<String> environmentNames(String property) {
		String name = property.replace(".", "_").replace("[", "_").replace("]", "").toUpperCase();
		return List.of(name.replace("-", ""), name.replace("-", "_"));
	}

	static Map<String, List<String>> systemdUnit() throws IOException {
		Map<String, List<String>> settings = new LinkedHashMap<>();
		for (String line : Files.readAllLines(DEPLOY.resolve("systemd/tradecloud-connector.service"))) {
			if (line.isBlank() || line.startsWith("#") || line.startsWith("[")) {
				continue;
			}
			int equals = line.indexOf('=');
			settings.computeIfAbsent(line.substring(0, equals), (k) -> new ArrayList<>())
				.add(line.substring(equals + 1));
		}
		return settings;
	}

	static String one(Map<String, List<String>> unit, String key) {
		assertThat(unit).containsKey(key);
		assertThat(unit.get(key)).as(key).hasSize(1);
		return unit.get(key).get(0);
	}

	static Document windowsService() throws Exception {
		DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
		factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
		return factory.newDocumentBuilder().parse(DEPLOY.resolve("windows/tradecloud-connector.xml").toFile());
	}

	static String text(Element parent, String tag) {
		NodeList nodes = parent.getElementsByTagName(tag);
		assertThat(nodes.getLength()).as(tag).isEqualTo(1);
		return nodes.item(0).getTextContent().trim();
	}

	/**
	 * Every object of every manifest under deploy/kubernetes (not the kustomizations).
	 */
	static List<Map<String, Object>> kubernetesObjects() throws IOException {
		List<Map<String, Object>> objects = new ArrayList<>();
		try (Stream<Path> files = Files.walk(DEPLOY.resolve("kubernetes"))) {
			for (Path file : files.filter((f) -> f.toString().endsWith(".yaml")).sorted().toList()) {
				for (Object document : new Yaml().loadAll(Files.readString(file))) {
					Map<String, Object> object = (Map<String, Object>) document;
					if (object != null && !"Kustomization".equals(object.get("kind"))) {
						assertThat(object).as(file.toString()).containsKeys("apiVersion", "kind", "metadata");
						objects.add(object);
					}
				}
			}
		}
		return objects;
	}

	static List<Map<String, Object>> containers(Map<String, Object> object) {
		Object containers = path(object, "spec", "template", "spec", "containers");
		return (containers != null) ? (List<Map<String, Object>>) containers : List.of();
	}

	static Object path(Object node, String... keys) {
		Object current = node;
		for (String key : keys) {
			if (!(current instanceof Map<?, ?> map)) {
				return null;
			}
			current = map.get(key);
		}
		return current;
	}

}
