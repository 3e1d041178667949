using CheckIns.Contracts;

namespace CheckIns.Domain.Tests.Contracts;

public sealed class SlugTests
{
    [Theory]
    [InlineData("some/slug@with-weird|stuff", "someslugwith-weirdstuff")]
    [InlineData("My Job", "my-job")]
    [InlineData("  leading and trailing  ", "leading-and-trailing")]
    [InlineData("a -- b", "a-b")]
    [InlineData("__under__", "under")]
    [InlineData("-_-x-_-", "x")]
    [InlineData("Café Crème", "cafe-creme")]
    [InlineData("snake_case_ok", "snake_case_ok")]
    [InlineData("tab\tand\nnewline", "tab-and-newline")]
    [InlineData("日本語", "")]
    public void R24_Normalize_FollowsDjangoSlugify(string raw, string expected) =>
        Assert.Equal(expected, Slugs.Normalize(raw));

    [Fact]
    public void R24_Normalize_CutsTo50AndTrimsDashAgain()
    {
        var raw = new string('a', 49) + " b" + new string('c', 10);
        var slug = Slugs.Normalize(raw);
        Assert.Equal(new string('a', 49), slug);
        Assert.True(slug.Length <= Slugs.MaxLength);
    }

    [Fact]
    public void R24_Normalize_IsIdempotent()
    {
        foreach (var raw in new[] { "some/slug@with-weird|stuff", "My  Job!!", "x" })
        {
            var once = Slugs.Normalize(raw);
            Assert.Equal(once, Slugs.Normalize(once));
        }
    }
}
