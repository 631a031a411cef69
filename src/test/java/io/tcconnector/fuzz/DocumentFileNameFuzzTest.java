package io.tcconnector.fuzz;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.tcconnector.documents.DocumentFileNames;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coverage-guided fuzzing (Jazzer) of the file names documents get from events and
 * metadata, which partners and attackers choose: whatever the name, the file lands in the
 * documents folder itself, under a name that is not empty, hidden, reserved or too long,
 * with no separator, control or bidirectional character; and the same name always gives
 * the same file name.
 */
class DocumentFileNameFuzzTest {

	static final Path FOLDER = Path.of("/srv/outbox/documents");

	@FuzzTest(maxDuration = "8s")
	void anyNameStaysInsideTheDocumentsFolder(FuzzedDataProvider data) {
		String fallback = data.consumeString(40);
		String wanted = data.consumeBoolean() ? null : data.consumeRemainingAsString();

		String name = DocumentFileNames.sanitize(wanted, fallback);
		String distinct = DocumentFileNames.distinct(name, "key:" + fallback);

		for (String candidate : new String[] { name, distinct }) {
			assertThat(candidate).isNotBlank().doesNotStartWith(".").doesNotContain("/").doesNotContain("\\");
			assertThat(candidate.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(255);
			assertThat(candidate.codePoints()).noneMatch(
					(c) -> Character.isISOControl(c) || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069));
			Path file = FOLDER.resolve(candidate).normalize();
			assertThat(file.getParent()).isEqualTo(FOLDER);
		}
		assertThat(DocumentFileNames.sanitize(wanted, fallback)).isEqualTo(name);
	}

}
