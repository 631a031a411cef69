package io.tcconnector.monitoring;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One scrape of {@code /actuator/prometheus}, in the Prometheus text format, read into
 * its samples: name, labels, value.
 */
final class PrometheusScrape {

	private static final Pattern SAMPLE = Pattern
		.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)\\})?\\s+(\\S+)(?:\\s+\\d+)?$");

	private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");

	private final List<Sample> samples;

	private PrometheusScrape(List<Sample> samples) {
		this.samples = samples;
	}

	static PrometheusScrape parse(String text) {
		List<Sample> samples = new ArrayList<>();
		for (String line : text.split("\n")) {
			if (line.isBlank() || line.startsWith("#")) {
				continue;
			}
			Matcher sample = SAMPLE.matcher(line.strip());
			if (!sample.matches()) {
				throw new IllegalArgumentException("not a Prometheus sample: " + line);
			}
			Map<String, String> labels = new LinkedHashMap<>();
			if (sample.group(2) != null) {
				Matcher label = LABEL.matcher(sample.group(2));
				while (label.find()) {
					labels.put(label.group(1), label.group(2).replace("\\\"", "\"").replace("\\\\", "\\"));
				}
			}
			samples.add(new Sample(sample.group(1), labels, Double.parseDouble(sample.group(3))));
		}
		return new PrometheusScrape(samples);
	}

	/**
	 * The sum of the samples of a name whose labels include the given ones.
	 * @param name the sample name, e.g. {@code tradecloud_deliveries_total}
	 * @param labels label names and values, alternating
	 * @return the sum, 0 when there is none
	 */
	double value(String name, String... labels) {
		return matching(name, labels).stream().mapToDouble(Sample::value).sum();
	}

	/**
	 * Whether there is a sample of the name with the given labels.
	 * @param name the sample name
	 * @param labels label names and values, alternating
	 * @return whether it is there
	 */
	boolean has(String name, String... labels) {
		return !matching(name, labels).isEmpty();
	}

	/**
	 * The names of every sample.
	 * @return the names
	 */
	List<String> names() {
		return this.samples.stream().map(Sample::name).distinct().toList();
	}

	List<Sample> matching(String name, String... labels) {
		return this.samples.stream().filter((sample) -> sample.name().equals(name)).filter((sample) -> {
			for (int i = 0; i < labels.length; i += 2) {
				if (!labels[i + 1].equals(sample.labels().get(labels[i]))) {
					return false;
				}
			}
			return true;
		}).toList();
	}

	record Sample(String name, Map<String, String> labels, double value) {
	}

}
