package io.logagg.support;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * Throwaway TLS material for a test Redis: a CA and a server certificate for 127.0.0.1, made
 * with {@code openssl} in a directory, valid for two days.
 *
 * @param ca the CA certificate (PEM), what clients trust
 * @param certificate the server certificate (PEM)
 * @param key the server's private key (PEM)
 */
public record TestCertificates(Path ca, Path certificate, Path key) {

	public static TestCertificates generate(Path directory) {
		try {
			Files.createDirectories(directory);
			Files.writeString(directory.resolve("san.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
			openssl(directory, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt",
					"-days", "2", "-subj", "/CN=logagg-test-ca");
			openssl(directory, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj",
					"/CN=127.0.0.1");
			openssl(directory, "x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
					"-out", "server.crt", "-days", "2", "-extfile", "san.ext");
			return new TestCertificates(directory.resolve("ca.crt"), directory.resolve("server.crt"),
					directory.resolve("server.key"));
		}
		catch (IOException | InterruptedException ex) {
			throw new IllegalStateException("could not make test certificates with openssl", ex);
		}
	}

	private static void openssl(Path directory, String... args) throws IOException, InterruptedException {
		List<String> command = new java.util.ArrayList<>(List.of("openssl"));
		command.addAll(List.of(args));
		Process process = new ProcessBuilder(command).directory(directory.toFile())
			.redirectErrorStream(true)
			.redirectOutput(directory.resolve("openssl.log").toFile())
			.start();
		if (process.waitFor() != 0) {
			throw new IOException("openssl " + String.join(" ", args) + " failed; see " + directory.resolve("openssl.log"));
		}
	}

	/** A socket factory that trusts only this CA. */
	public SSLSocketFactory socketFactory() {
		return sslContext().getSocketFactory();
	}

	/** A TLS context that trusts only this CA. */
	public SSLContext sslContext() {
		try (InputStream in = Files.newInputStream(this.ca)) {
			KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
			trust.load(null, null);
			trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
			TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			factory.init(trust);
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(null, factory.getTrustManagers(), null);
			return context;
		}
		catch (IOException | GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
