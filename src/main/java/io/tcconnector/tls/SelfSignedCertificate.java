package io.tcconnector.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Set;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A self-signed certificate for {@code localhost} and {@code 127.0.0.1} with its private
 * key, as two PEM files. For development and tests only: Tradecloud refuses self-signed
 * certificates.
 *
 * @param certificate the certificate PEM file
 * @param privateKey the private key PEM file (PKCS#8)
 */
public record SelfSignedCertificate(Path certificate, Path privateKey) {

	private static final Duration VALIDITY = Duration.ofDays(365);

	private static final Duration RENEW_BEFORE = Duration.ofDays(7);

	/**
	 * The certificate in a folder: the one there when it is still valid for a week,
	 * otherwise a new one.
	 * @param folder where the files are kept
	 * @param name file name stem
	 * @return the certificate files
	 */
	public static SelfSignedCertificate inFolder(Path folder, String name) {
		SelfSignedCertificate files = new SelfSignedCertificate(folder.resolve(name + "-cert.pem"),
				folder.resolve(name + "-key.pem"));
		if (!files.validFor(RENEW_BEFORE)) {
			files.generate("localhost");
		}
		return files;
	}

	/**
	 * Writes a new key pair and certificate over the files, atomically each.
	 * @param commonName the subject's common name
	 */
	public void generate(String commonName) {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(new ECGenParameterSpec("secp256r1"));
			KeyPair keys = generator.generateKeyPair();
			Instant now = Instant.now();
			X500Name subject = new X500Name("CN=" + commonName + ",O=Tradecloud Webhook Connector (development)");
			JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
					new BigInteger(64, new SecureRandom()), Date.from(now.minus(Duration.ofMinutes(5))),
					Date.from(now.plus(VALIDITY)), subject, keys.getPublic());
			builder.addExtension(Extension.subjectAlternativeName, false,
					new GeneralNames(new GeneralName[] { new GeneralName(GeneralName.dNSName, "localhost"),
							new GeneralName(GeneralName.iPAddress, "127.0.0.1") }));
			X509Certificate certificate = new JcaX509CertificateConverter()
				.getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
			Files.createDirectories(this.certificate.toAbsolutePath().getParent());
			writeAtomically(this.privateKey, pem("PRIVATE KEY", keys.getPrivate().getEncoded()), true);
			writeAtomically(this.certificate, pem("CERTIFICATE", certificate.getEncoded()), false);
		}
		catch (GeneralSecurityException | OperatorCreationException ex) {
			throw new IllegalStateException("Could not generate a self-signed certificate", ex);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not write the self-signed certificate to " + this.certificate, ex);
		}
	}

	/**
	 * Reads the certificate.
	 * @return the certificate
	 */
	public X509Certificate read() {
		try (var in = Files.newInputStream(this.certificate)) {
			return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Not a certificate: " + this.certificate, ex);
		}
	}

	private boolean validFor(Duration duration) {
		if (!Files.isRegularFile(this.certificate) || !Files.isRegularFile(this.privateKey)) {
			return false;
		}
		try {
			return read().getNotAfter().toInstant().isAfter(Instant.now().plus(duration));
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	private static String pem(String type, byte[] der) {
		return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
				+ "\n-----END " + type + "-----\n";
	}

	private static void writeAtomically(Path target, String content, boolean secret) throws IOException {
		Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
		Files.writeString(temporary, content);
		if (secret) {
			try {
				Files.setPosixFilePermissions(temporary,
						Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
			}
			catch (UnsupportedOperationException ex) {
				// not a POSIX file system: the folder's permissions apply
			}
		}
		Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
	}

}
