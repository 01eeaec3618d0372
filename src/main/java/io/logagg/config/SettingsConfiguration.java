package io.logagg.config;

import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * A context of the settings alone, bound and checked as every command's are, for a command that
 * needs nothing else ({@code check-format}). Not a {@code @Configuration}, so that component
 * scanning leaves it out of the others.
 */
@EnableConfigurationProperties(LogaggProperties.class)
public class SettingsConfiguration {

}
