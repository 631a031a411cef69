package io.tcconnector.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.tcconnector.support.ConnectorTest;
import io.tcconnector.support.TestConnector;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Guards the files a user edits: every route and route configuration under
 * {@code routes/} has an id and a description, ids are unique, every placeholder
 * resolves, and every route in the files is running.
 */
@ConnectorTest
class RouteResourcesTest {

	@Autowired
	TestConnector connector;

	static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([^}]+)}}");

	@Autowired
	CamelContext camel;

	static List<Path> routeFiles() throws IOException {
		try (Stream<Path> files = Files.walk(Path.of("routes"))) {
			return files.filter((f) -> f.toString().endsWith(".camel.yaml")).sorted().toList();
		}
	}

	@SuppressWarnings("unchecked")
	static List<Map<String, Object>> definitions(Path file) throws IOException {
		try (Reader reader = Files.newBufferedReader(file)) {
			List<Map<String, Object>> definitions = new ArrayList<>();
			for (Object element : (List<Object>) new Yaml().load(reader)) {
				Map<String, Object> entry = (Map<String, Object>) element;
				entry.forEach((kind, body) -> definitions.add(Map.of("kind", kind, "body", body)));
			}
			return definitions;
		}
	}

	@Test
	@SuppressWarnings("unchecked")
	void everyRouteHasAnIdAndADescriptionAndRuns() throws IOException {
		Set<String> ids = new HashSet<>();
		List<String> routeIds = new ArrayList<>();
		assertThat(routeFiles()).isNotEmpty();
		for (Path file : routeFiles()) {
			for (Map<String, Object> definition : definitions(file)) {
				Map<String, Object> body = (Map<String, Object>) definition.get("body");
				String where = file + " " + definition.get("kind");
				boolean templated = "templatedRoute".equals(definition.get("kind"));
				if (templated) {
					// a route made from a template: its routeId and its description
					// parameter
					body = Map.of("id", body.get("routeId"), "description",
							String.valueOf(templateParameters(body).get("description")));
				}
				assertThat(body.get("id")).as(where + " id").isInstanceOf(String.class);
				String id = (String) body.get("id");
				assertThat(id).as(where + " id").matches("[a-z]+(-[a-z]+)+");
				assertThat(ids.add(id)).as("unique id " + id).isTrue();
				assertThat((String) body.get("description")).as(where + " " + id + " description").isNotBlank();
				if ("route".equals(definition.get("kind")) || templated) {
					routeIds.add(id);
				}
			}
		}
		// the routes a Kamelet call makes (queue-sink-1, ...) are the template's, run for
		// the step that calls it
		assertThat(this.camel.getRoutes()).filteredOn((route) -> !route.isCreatedByKamelet())
			.extracting(Route::getRouteId)
			.containsExactlyInAnyOrderElementsOf(routeIds);
		assertThat(this.camel.getRoutes()).filteredOn(Route::isCreatedByKamelet)
			.extracting(Route::getRouteId)
			.isNotEmpty()
			.allSatisfy((id) -> assertThat(ids).anySatisfy((template) -> assertThat(id).startsWith(template + "-")));
		for (Route route : this.camel.getRoutes()) {
			assertThat(this.camel.getRouteController().getRouteStatus(route.getRouteId()).isStarted())
				.as(route.getRouteId())
				.isTrue();
		}
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> templateParameters(Map<String, Object> body) {
		Map<String, Object> parameters = new HashMap<>();
		for (Map<String, Object> parameter : (List<Map<String, Object>>) body.get("parameters")) {
			parameters.put((String) parameter.get("name"), parameter.get("value"));
		}
		return parameters;
	}

	@Test
	@SuppressWarnings("unchecked")
	void everyPlaceholderResolves() throws IOException {
		int placeholders = 0;
		for (Path file : routeFiles()) {
			// a route template's own parameters are given by the routes made from it
			Set<String> templateParameters = new HashSet<>();
			for (Map<String, Object> definition : definitions(file)) {
				if ("routeTemplate".equals(definition.get("kind"))) {
					Map<String, Object> body = (Map<String, Object>) definition.get("body");
					templateParameters.addAll(templateParameters(body).keySet());
				}
			}
			String withoutComments = Files.readString(file).replaceAll("(?m)^\\s*#.*$", "");
			Matcher matcher = PLACEHOLDER.matcher(withoutComments);
			while (matcher.find()) {
				String key = matcher.group(1);
				if (templateParameters.contains(key)) {
					continue;
				}
				placeholders++;
				assertThat(this.camel.getPropertiesComponent().resolveProperty(key)).as(file + ": {{" + key + "}}")
					.isPresent()
					.hasValueSatisfying((value) -> assertThat(value).isNotBlank());
			}
		}
		assertThat(placeholders).isPositive();
	}

}
