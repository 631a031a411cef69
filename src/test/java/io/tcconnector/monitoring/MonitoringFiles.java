package io.tcconnector.monitoring;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Grafana dashboard ({@code deploy/grafana/tradecloud-connector.json}) and the
 * Prometheus alert rules ({@code deploy/prometheus/alerts.yaml}) as a test reads them:
 * every query of every panel, variable and rule.
 */
final class MonitoringFiles {

	private static final Pattern DURATION = Pattern.compile("\\d+[smhdwy]");

	private final Path folder;

	private final JsonNode dashboard;

	private final List<Map<String, Object>> rules;

	private MonitoringFiles(Path folder, JsonNode dashboard, List<Map<String, Object>> rules) {
		this.folder = folder;
		this.dashboard = dashboard;
		this.rules = rules;
	}

	@SuppressWarnings("unchecked")
	static MonitoringFiles read(Path folder) throws IOException {
		JsonNode dashboard = new ObjectMapper().readTree(folder.resolve("grafana/tradecloud-connector.json").toFile());
		Map<String, Object> alerts;
		try (InputStream in = Files.newInputStream(folder.resolve("prometheus/alerts.yaml"))) {
			alerts = new Yaml().load(in);
		}
		List<Map<String, Object>> rules = new ArrayList<>();
		for (Map<String, Object> group : (List<Map<String, Object>>) alerts.get("groups")) {
			rules.addAll((List<Map<String, Object>>) group.get("rules"));
		}
		return new MonitoringFiles(folder, dashboard, rules);
	}

	/** A query and where it is. */
	record Query(String where, String expr) {

		@Override
		public String toString() {
			return this.where;
		}

	}

	List<Query> dashboardQueries() {
		List<Query> queries = new ArrayList<>();
		for (JsonNode panel : this.dashboard.path("panels")) {
			for (JsonNode target : panel.path("targets")) {
				queries.add(new Query("panel '" + panel.path("title").asText() + "' " + target.path("refId").asText(),
						target.path("expr").asText()));
			}
		}
		for (JsonNode variable : this.dashboard.path("templating").path("list")) {
			String query = variable.path("query").path("query").asText("");
			if (query.startsWith("label_values(")) {
				String selector = query.substring("label_values(".length(), query.lastIndexOf(','));
				queries.add(new Query("variable " + variable.path("name").asText(), selector));
			}
		}
		return queries;
	}

	List<Query> alertQueries() {
		return this.rules.stream()
			.map((rule) -> new Query("alert " + rule.get("alert"), (String) rule.get("expr")))
			.toList();
	}

	List<Query> allQueries() {
		List<Query> all = new ArrayList<>(dashboardQueries());
		all.addAll(alertQueries());
		return all;
	}

	/**
	 * Every panel queries something; every rule is a complete alert that says what to do;
	 * every expression pairs its brackets; and, with promtool installed, the rules and
	 * the dashboard's expressions are valid PromQL and each alert fires in
	 * {@code alerts-test.yaml}.
	 */
	@SuppressWarnings("unchecked")
	void assertValid() throws Exception {
		for (JsonNode panel : this.dashboard.path("panels")) {
			if (!panel.path("type").asText().equals("row")) {
				assertThat(panel.path("targets")).as("panel " + panel.path("title")).isNotEmpty();
				assertThat(panel.path("description").asText()).as("panel " + panel.path("title")).isNotBlank();
			}
		}
		for (Map<String, Object> rule : this.rules) {
			assertThat(rule).as("rule %s", rule.get("alert")).containsKeys("alert", "expr", "labels", "annotations");
			assertThat(((Map<String, Object>) rule.get("labels"))).containsKey("severity");
			Map<String, Object> annotations = (Map<String, Object>) rule.get("annotations");
			assertThat(annotations).containsKeys("summary", "description");
			assertThat((String) annotations.get("description")).as("rule %s says what to do", rule.get("alert"))
				.contains("What to do:");
			if (rule.containsKey("for")) {
				assertThat(DURATION.matcher((String) rule.get("for")).matches()).isTrue();
			}
		}
		for (Query query : allQueries()) {
			assertThat(PromQl.balanced(query.expr())).as(query + ": " + query.expr()).isTrue();
		}
		Path promtool = Path.of("/usr/bin/promtool");
		if (!Files.isExecutable(promtool)) {
			System.out.println("promtool not installed (Debian: apt-get install prometheus): the rules were read "
					+ "by the parser checks only");
			return;
		}
		assertThat(promtool("check", "rules", this.folder.resolve("prometheus/alerts.yaml").toString())).isZero();
		assertThat(promtool("test", "rules", this.folder.resolve("prometheus/alerts-test.yaml").toString())).isZero();
		// the dashboard's expressions, as recording rules: promtool parses each
		StringBuilder recording = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
		int n = 0;
		for (Query query : dashboardQueries()) {
			recording.append("      - record: dashboard_query_")
				.append(n++)
				.append("\n        expr: ")
				.append(new ObjectMapper().writeValueAsString(query.expr().replace("$", "x")))
				.append('\n');
		}
		Path file = Files.createTempFile("dashboard-queries", ".yaml");
		Files.writeString(file, recording.toString(), StandardCharsets.UTF_8);
		assertThat(promtool("check", "rules", file.toString())).as(recording.toString()).isZero();
		Files.delete(file);
	}

	private static int promtool(String... arguments) throws Exception {
		List<String> command = new ArrayList<>(List.of("/usr/bin/promtool"));
		command.addAll(List.of(arguments));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(Duration.ofSeconds(30).toSeconds(), TimeUnit.SECONDS)).isTrue();
		if (process.exitValue() != 0) {
			System.out.println(output);
		}
		return process.exitValue();
	}

}
