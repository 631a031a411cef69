package io.tcconnector.documents;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * File names from events and metadata can never leave the documents folder, hide
 * characters or name a device; ordinary and non-Latin names are kept.
 */
class DocumentFileNamesTest {

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource(delimiterString = " => ",
			value = { "drawing-7.pdf => drawing-7.pdf", "Zeichnung Größe 2.pdf => Zeichnung Größe 2.pdf",
					"图纸.pdf => 图纸.pdf", "../../etc/passwd => passwd", "..\\..\\windows\\win.ini => win.ini",
					"/etc/shadow => shadow", "'a:b*c?d\"e<f>g|h.pdf' => a_b_c_d_e_f_g_h.pdf", ".. => fallback.pdf",
					".hidden.pdf => hidden.pdf", "trailing. . . => trailing", "CON.pdf => _CON.pdf", "nul => _nul",
					"lpt1.txt => _lpt1.txt", "'   ' => fallback.pdf" })
	void namesAreMadeSafe(String wanted, String expected) {
		assertThat(DocumentFileNames.sanitize(wanted, "fallback.pdf")).isEqualTo(expected);
	}

	@Test
	void controlAndInvisibleCharactersAreReplaced() {
		assertThat(DocumentFileNames.sanitize("in\u0000voice\n\r\t.pdf", "x")).isEqualTo("in_voice___.pdf");
		// right-to-left override would make "invoice\u202Efdp.exe" display as
		// "invoiceexe.pdf"
		assertThat(DocumentFileNames.sanitize("invoice\u202Efdp.exe", "x")).isEqualTo("invoice_fdp.exe");
		assertThat(DocumentFileNames.sanitize("\u0000\u0001", "Material certificate"))
			.isEqualTo("Material certificate");
	}

	@Test
	void aNameNeverLeavesTheFolder() {
		Path folder = Path.of("/srv/outbox/documents");
		for (String hostile : new String[] { "../x", "..", "/abs/x", "x/../../y", "C:\\x", "\\\\server\\share\\x",
				"x\u0000/../y" }) {
			Path resolved = folder.resolve(DocumentFileNames.sanitize(hostile, "document")).normalize();
			assertThat(resolved.getParent()).as(hostile).isEqualTo(folder);
		}
	}

	@Test
	void longNamesAreShortenedKeepingTheExtension() {
		String name = DocumentFileNames.sanitize("ä".repeat(300) + ".pdf", "x");
		assertThat(name).endsWith(".pdf");
		assertThat(name.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(180);
	}

	@Test
	void distinctNamesAreStablePerDocumentAndDifferBetweenDocuments() {
		String first = DocumentFileNames.distinct("drawing.pdf", "object-1:A");
		assertThat(first).matches("drawing~[0-9a-f]{10}\\.pdf");
		assertThat(DocumentFileNames.distinct("drawing.pdf", "object-1:A")).isEqualTo(first);
		assertThat(DocumentFileNames.distinct("drawing.pdf", "object-2:A")).isNotEqualTo(first);
	}

}
