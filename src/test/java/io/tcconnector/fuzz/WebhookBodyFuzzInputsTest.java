package io.tcconnector.fuzz;

import java.nio.file.Path;

import io.tcconnector.fuzz.WebhookBodyFuzzTest.Outcome;
import io.tcconnector.support.TestConnector;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

/**
 * The inputs {@link WebhookBodyFuzzTest} keeps, replayed by Jazzer itself (its JUnit
 * regression mode, as without JAZZER_FUZZ): Jazzer takes its choices from the end of an
 * input, and the kept samples, JSON and tXML, still reach the comparison of the two
 * readers, so that the replay checks more than refusals.
 */
class WebhookBodyFuzzInputsTest {

	static final Path INPUTS = Path
		.of("src/test/resources/io/tcconnector/fuzz/WebhookBodyFuzzTestInputs/aBodyIsRecognisedOrRefusedWithAClientStatus");

	@Test
	void theKeptSamplesReachTheComparisonOfBothReaders() {
		long samples = TestConnector.filesIn(INPUTS)
			.stream()
			.map((input) -> input.getFileName().toString())
			.filter((name) -> name.endsWith(".json") || name.endsWith(".xml"))
			.count();
		assertThat(samples).as("kept samples").isEqualTo(8);
		WebhookBodyFuzzTest.outcomes.clear();

		Launcher launcher = LauncherFactory.create();
		SummaryGeneratingListener summary = new SummaryGeneratingListener();
		launcher.execute(request().selectors(selectClass(WebhookBodyFuzzTest.class))
			.configurationParameter("jazzer.hooks", "false")
			.build(), summary);

		TestExecutionSummary result = summary.getSummary();
		assertThat(result.getFailures()).as("replay failures").isEmpty();
		assertThat(result.getTestsSucceededCount()).as("inputs replayed")
			.isGreaterThanOrEqualTo(TestConnector.filesIn(INPUTS).size());
		assertThat(WebhookBodyFuzzTest.outcomes).as("how far each input went")
			.filteredOn((outcome) -> outcome == Outcome.COMPARED)
			.hasSizeGreaterThanOrEqualTo((int) samples);
	}

}
