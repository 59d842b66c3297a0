using OsteoMl.Dicom;

namespace OsteoMl.Tests.Screening;

public sealed class DicomUidsTests
{
    [Fact]
    public void FromName_is_the_first_16_bytes_of_sha256_as_a_2_25_integer()
    {
        // Python: int.from_bytes(hashlib.sha256(b"abc").digest()[:16], "big")
        Assert.Equal("2.25.247859944228867399418143717509236138531", DicomUids.FromName("abc"));
    }

    [Fact]
    public void FromName_is_deterministic_and_names_differ()
    {
        Assert.Equal(DicomUids.FromName("1.2.3|model-a"), DicomUids.FromName("1.2.3|model-a"));
        Assert.NotEqual(DicomUids.FromName("1.2.3|model-a"), DicomUids.FromName("1.2.3|model-b"));
        Assert.NotEqual(DicomUids.FromName("1.2.3|model-a"), DicomUids.FromName("1.2.4|model-a"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("1.2.826.0.1.3680043.2.1125.28.12|3f1c9a0e5b7d2468")]
    [InlineData("Müller^Jürgen")]
    public void FromName_gives_a_valid_uid(string name)
    {
        string uid = DicomUids.FromName(name);
        Assert.True(uid.Length <= 64, uid);
        Assert.Matches(@"^2\.25\.(0|[1-9][0-9]*)$", uid);
        Assert.True(DicomUids.IsValid(uid));
    }

    [Fact]
    public void FromName_stays_valid_over_many_names()
    {
        for (int i = 0; i < 2000; i++)
        {
            Assert.True(DicomUids.IsValid(DicomUids.FromName("name " + i)));
        }
    }

    [Theory]
    [InlineData("1.2.840.10008.1.2.1", true)]
    [InlineData("0.1", true)]
    [InlineData("1.02", false)]
    [InlineData("1..2", false)]
    [InlineData("1.2.", false)]
    [InlineData("1.a", false)]
    [InlineData("", false)]
    public void IsValid_checks_uid_syntax(string uid, bool valid) => Assert.Equal(valid, DicomUids.IsValid(uid));

    [Fact]
    public void IsValid_refuses_more_than_64_characters() =>
        Assert.False(DicomUids.IsValid("1." + new string('1', 63)));
}
