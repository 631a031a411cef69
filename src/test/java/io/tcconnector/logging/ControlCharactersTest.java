package io.tcconnector.logging;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a value from a body becomes in a text log line: no control character survives.
 */
class ControlCharactersTest {

	@Test
	void escapesEveryControlCharacterAndLeavesTheRest() {
		assertThat(ControlCharacters.escape("PO\nnewline 2026-12-01T00:00:00Z INFO forged"))
			.isEqualTo("PO\\nnewline 2026-12-01T00:00:00Z INFO forged");
		assertThat(ControlCharacters.escape("a\r\tb\u0000c\u0001d\u001b[31me\u007ff\u0085g\u2028h\u2029"))
			.isEqualTo("a\\r\\tb\\u0000c\\u0001d\\u001b[31me\\u007ff\\u0085g\\u2028h\\u2029");
		assertThat(ControlCharacters.escape("Bestellung Nr. 42 für Müller – ok"))
			.isEqualTo("Bestellung Nr. 42 für Müller – ok");
		assertThat(ControlCharacters.escape(null)).isNull();
		String plain = "nothing to escape";
		assertThat(ControlCharacters.escape(plain)).isSameAs(plain);
	}

}
