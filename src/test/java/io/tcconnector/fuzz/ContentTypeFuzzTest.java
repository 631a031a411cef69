package io.tcconnector.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.tcconnector.tradecloud.EventFormat;
import io.tcconnector.tradecloud.WebhookRejectedException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coverage-guided fuzzing (Jazzer) of the Content-Type check every webhook passes before
 * its body is read: JSON, XML, or a refusal with 415, nothing else.
 */
class ContentTypeFuzzTest {

	@FuzzTest(maxDuration = "5s")
	void aContentTypeIsJsonXmlOrRefusedWith415(FuzzedDataProvider data) {
		String contentType = data.consumeRemainingAsString();
		try {
			assertThat(EventFormat.ofContentType(contentType)).isIn(EventFormat.JSON, EventFormat.XML);
		}
		catch (WebhookRejectedException refused) {
			assertThat(refused.getStatus()).isEqualTo(415);
		}
	}

}
