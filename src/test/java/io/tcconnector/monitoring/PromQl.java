package io.tcconnector.monitoring;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough of PromQL to tell which series an expression selects: its metric selectors,
 * each with its label matchers, and whether brackets and quotes pair up.
 */
final class PromQl {

	private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*\\{([^}]*)\\}");

	private static final Pattern MATCHER = Pattern
		.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

	private static final Pattern GROUPING = Pattern
		.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");

	private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

	private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without", "on",
			"ignoring", "group_left", "group_right", "inf", "nan");

	private PromQl() {
	}

	/**
	 * The metric selectors of an expression: {@code name{label="value"}} and bare names.
	 * @param expr the expression
	 * @return the selectors, in order
	 */
	static List<Selector> selectors(String expr) {
		List<Selector> selectors = new ArrayList<>();
		Matcher selector = SELECTOR.matcher(expr);
		StringBuilder rest = new StringBuilder();
		while (selector.find()) {
			List<PromQl.LabelMatcher> matchers = new ArrayList<>();
			Matcher matcher = MATCHER.matcher(selector.group(2));
			while (matcher.find()) {
				matchers.add(new PromQl.LabelMatcher(matcher.group(1), matcher.group(2), matcher.group(3)));
			}
			selectors.add(new Selector(selector.group(1), matchers));
			selector.appendReplacement(rest, " ");
		}
		selector.appendTail(rest);
		String bare = GROUPING.matcher(rest)
			.replaceAll(" ")
			.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", " ")
			.replaceAll("\\[[^\\]]*\\]", " ");
		Matcher identifier = IDENTIFIER.matcher(bare);
		while (identifier.find()) {
			String name = identifier.group();
			String after = bare.substring(identifier.end()).stripLeading();
			if (!after.startsWith("(") && !KEYWORDS.contains(name.toLowerCase())) {
				selectors.add(new Selector(name, List.of()));
			}
		}
		return selectors;
	}

	/**
	 * Whether the parentheses, brackets and braces of an expression pair up outside its
	 * strings, and its strings end.
	 * @param expr the expression
	 * @return whether they do
	 */
	static boolean balanced(String expr) {
		StringBuilder open = new StringBuilder();
		boolean inString = false;
		for (int i = 0; i < expr.length(); i++) {
			char c = expr.charAt(i);
			if (inString) {
				if (c == '\\') {
					i++;
				}
				else if (c == '"') {
					inString = false;
				}
				continue;
			}
			switch (c) {
				case '"' -> inString = true;
				case '(', '[', '{' -> open.append(c);
				case ')', ']', '}' -> {
					if (open.isEmpty() || "([{".indexOf(open.charAt(open.length() - 1)) != ")]}".indexOf(c)) {
						return false;
					}
					open.setLength(open.length() - 1);
				}
				default -> {
				}
			}
		}
		return !inString && open.isEmpty();
	}

	record Selector(String metric, List<PromQl.LabelMatcher> matchers) {
	}

	record LabelMatcher(String label, String operator, String value) {

		@Override
		public String toString() {
			return this.label + this.operator + "\"" + this.value + "\"";
		}

	}

}
