package io.tcconnector.codec;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The encodings written once: what a user would see go wrong if one were off (a Basic
 * header Tradecloud's or the ERP's server refuses, a digest that does not match
 * {@code sha256sum}, an event's age from the wrong instant).
 */
class CodecsTest {

	@Test
	void aBasicHeaderIsTheBase64OfUserColonPasswordInUtf8() {
		assertThat(Codecs.basicAuthorization("Aladdin", "open sesame")).isEqualTo("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
		assertThat(Codecs.basicAuthorization("bjørn", "p")).isEqualTo("Basic YmrDuHJuOnA=");
	}

	@Test
	void aDigestIsTheSha256InLowerCaseHex() {
		// sha256sum of the three bytes "abc"
		assertThat(Codecs.hex(Codecs.sha256("abc")))
			.isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	}

	@Test
	void microsecondsGoThereAndBack() {
		Instant instant = Instant.parse("2026-12-02T10:15:30.123456789Z");
		assertThat(Codecs.micros(instant)).isEqualTo(1796206530123456L);
		assertThat(Codecs.fromMicros(Codecs.micros(instant))).isEqualTo(Instant.parse("2026-12-02T10:15:30.123456Z"));
		assertThat(Codecs.fromMicros(-1)).isEqualTo(Instant.parse("1969-12-31T23:59:59.999999Z"));
	}

	@Test
	void tradecloudDateTimesAreReadWithTheirOffsetOrAsUtc() {
		assertThat(Codecs.parseInstant("2026-12-02T11:15:30.5+01:00"))
			.isEqualTo(Instant.parse("2026-12-02T10:15:30.5Z"));
		assertThat(Codecs.parseInstant(" 2026-12-02T10:15:30Z ")).isEqualTo(Instant.parse("2026-12-02T10:15:30Z"));
		assertThat(Codecs.parseInstant("2026-12-02T10:15:30")).isEqualTo(Instant.parse("2026-12-02T10:15:30Z"));
		assertThat(Codecs.parseInstant("2 December")).isNull();
		assertThat(Codecs.parseInstant("  ")).isNull();
		assertThat(Codecs.parseInstant(null)).isNull();
	}

}
