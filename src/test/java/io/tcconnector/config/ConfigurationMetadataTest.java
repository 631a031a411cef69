package io.tcconnector.config;

import java.lang.reflect.Constructor;
import java.lang.reflect.Parameter;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.DefaultValue;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration metadata the build produces from the settings records (what an IDE
 * shows while editing config/application.yaml): every {@code tradecloud.*} property is
 * described and carries its default.
 */
class ConfigurationMetadataTest {

	static final Path METADATA = Path.of("target/classes/META-INF/spring-configuration-metadata.json");

	static Map<String, JsonNode> properties;

	@BeforeAll
	static void readMetadata() throws Exception {
		properties = new LinkedHashMap<>();
		for (JsonNode property : new ObjectMapper().readTree(METADATA.toFile()).path("properties")) {
			properties.put(property.path("name").asText(), property);
		}
	}

	@Test
	void everyPropertyIsDescribed() {
		List<String> names = properties.keySet().stream().filter((n) -> n.startsWith("tradecloud.")).toList();
		assertThat(names).hasSizeGreaterThan(50);
		assertThat(names)
			.allSatisfy((name) -> assertThat(properties.get(name).path("description").asText()).as(name).isNotBlank());
	}

	@Test
	void everySettingIsInTheMetadataWithItsDefault() {
		Map<String, List<String>> defaults = new LinkedHashMap<>();
		List<String> settings = new ArrayList<>();
		collect("tradecloud", TradecloudProperties.class, settings, defaults);
		assertThat(properties.keySet()).containsAll(settings);
		assertThat(defaults).hasSizeGreaterThanOrEqualTo(30);
		defaults.forEach((name, expected) -> assertThat(defaultOf(name)).as(name).isEqualTo(expected));
	}

	@Test
	void knownDefaults() {
		assertThat(defaultOf("tradecloud.output-dir")).containsExactly("outbox");
		assertThat(defaultOf("tradecloud.data-dir")).containsExactly("data");
		assertThat(defaultOf("tradecloud.delivery.max-retries")).containsExactly("30");
		assertThat(properties.get("tradecloud.delivery.max-retries").path("defaultValue").isNumber()).isTrue();
		assertThat(defaultOf("tradecloud.webhook.acknowledge")).containsExactly("async");
		assertThat(defaultOf("tradecloud.webhook.max-body-size")).containsExactly("10MB");
		assertThat(defaultOf("tradecloud.deduplication.retention")).containsExactly("30d");
		assertThat(defaultOf("tradecloud.api.url")).containsExactly("https://api.accp.tradecloud1.com/v2");
		assertThat(defaultOf("tradecloud.webhook.oauth2.algorithms")).containsExactly("RS256");
		assertThat(properties).containsKeys("tradecloud.erp.shipments-url", "tradecloud.webhook.basic.password",
				"tradecloud.admin.username", "tradecloud.legacy-api.password");
		assertThat(properties).doesNotContainKey("tradecloud.api.authentication");
	}

	static List<String> defaultOf(String name) {
		assertThat(properties).containsKey(name);
		JsonNode value = properties.get(name).path("defaultValue");
		List<String> values = new ArrayList<>();
		if (value.isArray()) {
			value.forEach((v) -> values.add(v.asText()));
		}
		else if (!value.isMissingNode() && !value.isNull()) {
			values.add(value.asText());
		}
		return values;
	}

	/**
	 * Walks a settings record: its leaf components are settings, its nested records
	 * groups; a {@code @DefaultValue} with a value is a default.
	 */
	static void collect(String prefix, Class<?> type, List<String> settings, Map<String, List<String>> defaults) {
		RecordComponent[] components = type.getRecordComponents();
		Constructor<?> canonical;
		try {
			canonical = type
				.getDeclaredConstructor(Arrays.stream(components).map(RecordComponent::getType).toArray(Class[]::new));
		}
		catch (NoSuchMethodException ex) {
			throw new IllegalStateException(ex);
		}
		Parameter[] parameters = canonical.getParameters();
		for (int i = 0; i < components.length; i++) {
			String name = prefix + "." + dashed(components[i].getName());
			if (components[i].getType().isRecord()) {
				collect(name, components[i].getType(), settings, defaults);
				continue;
			}
			settings.add(name);
			DefaultValue defaultValue = parameters[i].getAnnotation(DefaultValue.class);
			if (defaultValue != null && defaultValue.value().length > 0) {
				defaults.put(name, List.of(defaultValue.value()));
			}
		}
	}

	static String dashed(String name) {
		return name.replaceAll("([A-Z])", "-$1").toLowerCase();
	}

}
