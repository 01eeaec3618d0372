package io.logagg.cli;

import java.text.MessageFormat;
import java.util.Locale;

import org.springframework.context.MessageSource;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.context.NoSuchMessageException;
import org.springframework.context.support.AbstractApplicationContext;

/**
 * The {@code messageSource} of every context: logagg has no message bundles, so a code resolves to
 * the default message given with it, or to nothing, as with the {@code DelegatingMessageSource}
 * that Spring creates when there is none. Registered because Spring's own initialises
 * {@code MessageSourceSupport}, whose first use asks the JDK for every available locale: 30 ms of
 * each command's start, for messages nobody looks up.
 */
final class BundlelessMessageSource implements MessageSource {

	/** The bean name a context looks its message source up by. */
	static final String BEAN_NAME = AbstractApplicationContext.MESSAGE_SOURCE_BEAN_NAME;

	@Override
	public String getMessage(String code, Object[] args, String defaultMessage, Locale locale) {
		return render(defaultMessage, args, locale);
	}

	@Override
	public String getMessage(String code, Object[] args, Locale locale) {
		throw new NoSuchMessageException(code, locale);
	}

	@Override
	public String getMessage(MessageSourceResolvable resolvable, Locale locale) {
		if (resolvable.getDefaultMessage() != null) {
			return render(resolvable.getDefaultMessage(), resolvable.getArguments(), locale);
		}
		String[] codes = resolvable.getCodes();
		throw new NoSuchMessageException((codes != null && codes.length > 0) ? codes[codes.length - 1] : "", locale);
	}

	private static String render(String message, Object[] args, Locale locale) {
		if (message == null || args == null || args.length == 0) {
			return message;
		}
		return new MessageFormat(message, (locale != null) ? locale : Locale.getDefault()).format(args);
	}

}
