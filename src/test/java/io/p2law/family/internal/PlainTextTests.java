package io.p2law.family.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PlainTextTests {

    @Test
    void acceptsOrdinaryTextWithTabsNewlinesAndAstralCharacters() {
        assertThat(PlainText.refusal("Llama 3 depth\tpruning\r\nline two \uD83E\uDD99 é")).isNull();
        assertThat(PlainText.refusal(null)).isNull();
        assertThat(PlainText.refusal("")).isNull();
    }

    @Test
    void refusesNulControlCharactersAndUnpairedSurrogates() {
        assertThat(PlainText.refusal("a\u0000b")).contains("NUL").contains("position 1");
        assertThat(PlainText.refusal("\u001b[31m")).contains("U+001B");
        assertThat(PlainText.refusal("x\u007f")).contains("U+007F");
        assertThat(PlainText.refusal("\uD800")).contains("surrogate");
        assertThat(PlainText.refusal("a\uDC00")).contains("surrogate");
        assertThat(PlainText.refusal("\uDC00\uD800")).contains("surrogate");
    }
}
