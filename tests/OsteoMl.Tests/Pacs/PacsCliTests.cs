using OsteoMl.Cli;
using OsteoMl.Tests.Workflows;
using Spectre.Console.Testing;

namespace OsteoMl.Tests.Pacs;

/// <summary><c>osteoml pacs</c> as a user meets it: its help, and clear exit-2 errors that never echo a password.</summary>
public sealed class PacsCliTests(TrainedModelFixture fixture) : IClassFixture<TrainedModelFixture>
{
    private static (int Code, string Output) Run(params string[] args)
    {
        var console = new TestConsole();
        console.Profile.Width = 200;
        int code = CliApp.Run(args, console);
        return (code, console.Output);
    }

    [Fact]
    public void The_help_names_every_option_and_the_intended_use()
    {
        var (code, output) = Run("pacs", "--help");

        Assert.Equal(0, code);
        foreach (
            string option in new[]
            {
                "--url",
                "--model",
                "--once",
                "--worklist",
                "--state",
                "--credentials",
                "--pipeline",
            }
        )
        {
            Assert.Contains(option, output);
        }
        Assert.Contains("OSTEOML_PACS_PASSWORD", output);
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("ftp://pacs:21")]
    [InlineData("http://admin:hunter2@127.0.0.1:8042")]
    public void A_bad_url_is_exit_2_and_a_password_in_it_is_never_echoed(string url)
    {
        var (code, output) = Run("pacs", "--url", url, "--once");

        Assert.Equal(2, code);
        Assert.Contains("--url", output);
        Assert.DoesNotContain("hunter2", output);
    }

    [Fact]
    public void A_wrong_password_is_exit_2_naming_the_request_and_never_the_password()
    {
        using var server = new OrthancServer();
        using var folder = new TempFolder();
        string credentials = folder.File("pacs.cred");
        File.WriteAllText(credentials, $"{server.User}:not-the-password-42\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(credentials, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        var (code, output) = Run(
            "pacs",
            "--url",
            server.Url.ToString(),
            "--model",
            fixture.ModelPath,
            "--credentials",
            credentials,
            "--once",
            "--worklist",
            folder.File("w.csv"),
            "--state",
            folder.File("s.json")
        );

        Assert.Equal(2, code);
        Assert.Contains("401", output);
        Assert.DoesNotContain("not-the-password-42", output);
        Assert.False(File.Exists(folder.File("w.csv")));
    }
}
