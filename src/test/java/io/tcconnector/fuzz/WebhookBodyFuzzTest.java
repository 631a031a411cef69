package io.tcconnector.fuzz;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.tcconnector.tradecloud.TradecloudEvent;
import io.tcconnector.tradecloud.WebhookParser;
import io.tcconnector.tradecloud.WebhookRejectedException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coverage-guided fuzzing (Jazzer) of what a webhook body meets first: the Content-Type
 * check and the recognition of the kind, JSON or tXML. Whatever the bytes, the answer is
 * an event or a refusal with a client status (400, 415), never another exception, a hang
 * or an exhausted heap; and a body both readers accept gives the same event.
 * {@code ./mvnw verify} fuzzes each test for a bounded time; without JAZZER_FUZZ the
 * tests replay the inputs under src/test/resources.
 * <p>
 * Jazzer's {@link FuzzedDataProvider} takes its choices from the end of an input: the
 * last byte is the boolean (odd: no Content-Type), the byte before it the index into
 * {@link #CONTENT_TYPES}; a kept input ends with those two bytes after its body
 * ({@link WebhookBodyFuzzInputsTest} checks that the kept samples reach the comparison of
 * the two readers).
 */
class WebhookBodyFuzzTest {

	static final WebhookParser parser = new WebhookParser();

	static final String[] CONTENT_TYPES = { "application/json", "application/xml", "text/xml",
			"application/json; charset=UTF-8", "application/xml; charset=ISO-8859-1", "application/x.tradecloud+json",
			"text/plain", "" };

	/** How far an input went. */
	enum Outcome {

		/** refused by the first reader, with a client status */
		REFUSED,

		/** recognised by the first reader, refused by the stricter tree reader */
		REFUSED_BY_THE_TREE_READER,

		/** both readers gave an event, and the same one */
		COMPARED

	}

	/** How far each input went, in this JVM. */
	static final List<Outcome> outcomes = new CopyOnWriteArrayList<>();

	@FuzzTest(maxDuration = "12s")
	void aBodyIsRecognisedOrRefusedWithAClientStatus(FuzzedDataProvider data) {
		outcomes.add(check(data));
	}

	static Outcome check(FuzzedDataProvider data) {
		String contentType = data.consumeBoolean() ? null : data.pickValue(CONTENT_TYPES);
		byte[] body = data.consumeRemainingAsBytes();
		TradecloudEvent recognised;
		try {
			recognised = parser.recognise(body, contentType);
		}
		catch (WebhookRejectedException refused) {
			assertThat(refused.getStatus()).isIn(400, 415);
			return Outcome.REFUSED;
		}
		assertThat(recognised.kind()).isNotNull();
		assertThat(recognised.format()).isNotNull();
		TradecloudEvent parsed;
		try {
			parsed = parser.parse(body, contentType);
		}
		catch (WebhookRejectedException refused) {
			// the tree reader is stricter (trailing content): a refusal, never a crash
			assertThat(refused.getStatus()).isIn(400, 415);
			return Outcome.REFUSED_BY_THE_TREE_READER;
		}
		assertThat(parsed.kind()).isEqualTo(recognised.kind());
		assertThat(parsed.messageId()).isEqualTo(recognised.messageId());
		assertThat(parsed.orderId()).isEqualTo(recognised.orderId());
		assertThat(parsed.shipmentId()).isEqualTo(recognised.shipmentId());
		return Outcome.COMPARED;
	}

}
