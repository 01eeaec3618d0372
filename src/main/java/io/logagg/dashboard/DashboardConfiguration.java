package io.logagg.dashboard;

import java.time.Clock;

import io.logagg.config.LogaggProperties;
import io.logagg.report.GeoDatabases;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The live dashboard of {@code serve} and {@code schedule --serve}: the page at {@code /} (its
 * script, style and ECharts from the jar), its data at {@code /api/report}, {@code /api/sources}
 * and {@code /api/events}, behind {@link DashboardAccess}. Added to a web context only when asked
 * for: {@code schedule --metrics-port} alone serves no page.
 */
@Configuration(proxyBeanMethods = false)
@Import({ ReportController.class, CommitEvents.class })
public class DashboardConfiguration implements WebMvcConfigurer {

	/** The setting that holds the token, from the environment ({@code LOGAGG_DASHBOARD_TOKEN}) or a file. */
	public static final String TOKEN = "logagg.dashboard.token";

	@Override
	public void addResourceHandlers(ResourceHandlerRegistry registry) {
		registry.addResourceHandler("/index.html", "/dashboard.js", "/dashboard.css", "/favicon.svg")
			.addResourceLocations("classpath:/dashboard/")
			.setCacheControl(CacheControl.noCache());
		registry.addResourceHandler("/assets/**")
			.addResourceLocations("classpath:/META-INF/resources/webjars/echarts/5.3.1/dist/")
			.setCacheControl(CacheControl.maxAge(java.time.Duration.ofDays(1)));
	}

	@Override
	public void addViewControllers(ViewControllerRegistry registry) {
		registry.addViewController("/").setViewName("forward:/index.html");
	}

	@Bean
	FilterRegistrationBean<DashboardAccess> dashboardAccess(LogaggProperties properties) {
		FilterRegistrationBean<DashboardAccess> registration = new FilterRegistrationBean<>(
				new DashboardAccess(properties.dashboard().secret()));
		registration.addUrlPatterns("/*");
		registration.setOrder(Integer.MIN_VALUE + 10);
		return registration;
	}

	@Bean(destroyMethod = "close")
	GeoDatabases dashboardGeoDatabases(LogaggProperties properties) {
		return GeoDatabases.open(properties.geoip().database());
	}

	@Bean
	Clock dashboardClock() {
		return Clock.systemUTC();
	}

}
