package io.tcconnector.documents;

import java.io.File;

import io.tcconnector.config.TradecloudProperties;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.processor.idempotent.FileIdempotentRepository;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Remembers which documents (object id or URL, and revision) have been fetched, across
 * restarts, so that the same document arriving again is not downloaded twice.
 */
@Configuration(proxyBeanMethods = false)
public class DocumentsConfiguration {

	@Bean
	IdempotentRepository downloadedDocuments(TradecloudProperties properties) {
		File store = properties.getDataDir().resolve("downloaded-documents.txt").toFile();
		return FileIdempotentRepository.fileIdempotentRepository(store, 100_000, 64 * 1024 * 1024);
	}

}
