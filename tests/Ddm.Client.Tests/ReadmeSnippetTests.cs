using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Ddm.Emulator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Ddm.Client.Tests;

/// <summary>
/// The C# blocks of README.md, compiled as a reader would paste them (nullable on, warnings as errors) and run
/// against the emulator where they can run without the cloud: a README example that does not compile, warns or throws
/// is a defect like any other.
/// </summary>
public sealed class ReadmeSnippetTests
{
    /// <summary>What a reader's file has besides the snippet: the usings of the types README names.</summary>
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Linq;
        using System.Threading;
        using System.Threading.Tasks;
        using System.ClientModel;
        using System.ClientModel.Primitives;
        using Ddm.Client;
        using Ddm.Client.Authentication;
        using Microsoft.Extensions.DependencyInjection;

        """;

    private static readonly Lazy<Assembly> Snippets = new(Compile);

    [Fact]
    public void Every_csharp_block_compiles_without_a_warning()
    {
        Assert.NotNull(Snippets.Value);
        Assert.True(Blocks().Count >= 5, "README's C# blocks were not found.");
    }

    [Theory]
    [InlineData(25)]     // one page: nothing to resume
    [InlineData(1000)]   // several pages
    public async Task The_paging_example_runs_against_a_listing_of_any_length(int backups)
    {
        await using var emulator = await DdmEmulator.StartAsync(new EmulatorOptions { BackupCount = backups });
        var snippets = Snippets.Value.GetType("ReadmeSnippets", throwOnError: true)!;
        snippets.GetField("client")!.SetValue(null, new DdmClient(new DdmClientOptions
        {
            Endpoint = emulator.BaseAddress,
            ProjectId = emulator.Options.ProjectId,
            Credential = DdmCredential.FromToken(emulator.Options.Token),
        }));

        // The example keeps its token in the working folder, as a reader's program would.
        File.Delete("listing.token");
        try
        {
            await RunBlock("AutoPaging");
        }
        finally
        {
            File.Delete("listing.token");
        }
    }

    [Fact]
    public async Task The_dependency_injection_example_makes_a_client_that_lists_backups()
    {
        await using var emulator = await DdmEmulator.StartAsync(new EmulatorOptions());
        var snippets = Snippets.Value.GetType("ReadmeSnippets", throwOnError: true)!;
        var services = new ServiceCollection();
        snippets.GetField("services")!.SetValue(null, services);
        snippets.GetField("ak")!.SetValue(null, "EMULATORAK0000000001");
        snippets.GetField("sk")!.SetValue(null, "emulator-secret-key");
        snippets.GetField("projectId")!.SetValue(null, emulator.Options.ProjectId);
        await RunBlock("AddDdmClient");

        services.Configure<DdmClientOptions>(options => options.Endpoint = emulator.BaseAddress);
        await using var provider = services.BuildServiceProvider();
        var page = await provider.GetRequiredService<DdmClient>().ListBackupsAsync(limit: 5);
        Assert.Equal(5, page.Value.Backups.Count);
    }

    [Fact]
    public async Task The_mocking_example_answers_the_convenience_and_the_paging_methods()
    {
        var client = (DdmClient)Activator.CreateInstance(Snippets.Value.GetType("FakeDdmClient", throwOnError: true)!)!;
        var page = await client.ListBackupsAsync(offset: 0, limit: 10, CancellationToken.None);
        Assert.Equal(0, page.Value.Total);
        await foreach (var backup in client.ListBackupsAutoPagingAsync())
        {
            Assert.Fail($"The fake listed {backup.Id}.");
        }
    }

    [Fact]
    public void Readme_says_how_an_application_references_the_client()
    {
        var readme = File.ReadAllText(Path.Combine(RepoRoot(), "README.md")).Replace("\r\n", "\n", StringComparison.Ordinal);
        var section = readme[readme.IndexOf("\n## Using the client\n", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("\n### ", StringComparison.Ordinal)];
        var reference = Regex.Match(section, "`dotnet add [^`]+ reference (?<path>[^` ]+)`");
        Assert.True(reference.Success, "README's 'Using the client' does not say how an application gets the client.");
        Assert.True(File.Exists(Path.Combine(RepoRoot(), reference.Groups["path"].Value, "Ddm.Client.csproj")), reference.Value);
    }

    /// <summary>Runs the one statement block of README that contains <paramref name="text"/>.</summary>
    private static Task RunBlock(string text)
    {
        var index = Blocks().FindIndex(block => block.Contains(text, StringComparison.Ordinal));
        var method = Snippets.Value.GetType("ReadmeSnippets", throwOnError: true)!.GetMethod($"Block{index}")!;
        return (Task)method.Invoke(null, null)!;
    }

    /// <summary>The text of every <c>```csharp</c> block of README.md, in order.</summary>
    private static List<string> Blocks()
    {
        var readme = File.ReadAllText(Path.Combine(RepoRoot(), "README.md")).Replace("\r\n", "\n", StringComparison.Ordinal);
        return Regex.Matches(readme, "^```csharp\n(.*?)^```", RegexOptions.Singleline | RegexOptions.Multiline)
            .Select(match => match.Groups[1].Value)
            .ToList();
    }

    private static string RepoRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "DdmGen.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (DdmGen.sln) was not found above " + AppContext.BaseDirectory);
    }

    /// <summary>
    /// Wraps each block as a reader would: type declarations stay at the top level, option initializers written as
    /// <c>Credential = ...,</c> lines become one initializer each, and statements become the body of an async method
    /// <c>BlockN</c> whose free names (<c>client</c>, <c>token</c>, ...) are fields the tests set.
    /// </summary>
    private static Assembly Compile()
    {
        var source = new StringBuilder(Usings);
        source.AppendLine("""
            public static partial class ReadmeSnippets
            {
                public static DdmClient client = null!;
                public static IServiceCollection services = null!;
                public static string token = "", ak = "", sk = "", accessKey = "", secretKey = "", projectId = "";
                public static CancellationToken cancellationToken;
            """);
        var types = new StringBuilder();
        var blocks = Blocks();
        for (var index = 0; index < blocks.Count; index++)
        {
            var block = blocks[index];
            if (Regex.IsMatch(block, @"^(sealed |public |internal )*class ", RegexOptions.Multiline))
            {
                types.AppendLine(block);
            }
            else if (block.TrimStart().StartsWith("Credential =", StringComparison.Ordinal))
            {
                var parts = block.Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                for (var part = 0; part < parts.Length; part++)
                {
                    source.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"    public static DdmClientOptions Block{index}_{part}() => new()\n    {{\n{parts[part]}\n    }};");
                }
            }
            else
            {
                // The await keeps a block without one from warning CS1998, as a reader's async method would have one.
                source.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"    public static async Task Block{index}()\n    {{\n{block}\n        await Task.CompletedTask;\n    }}");
            }
        }

        source.AppendLine("}").Append(types);

        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(path => MetadataReference.CreateFromFile(path));
        var compilation = CSharpCompilation.Create(
            "ReadmeSnippets",
            new[] { CSharpSyntaxTree.ParseText(source.ToString(), new CSharpParseOptions(LanguageVersion.Latest)) },
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        using var image = new MemoryStream();
        var result = compilation.Emit(image);
        var problems = result.Diagnostics.Where(diagnostic => diagnostic.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(problems.Count == 0, "README's C# does not compile cleanly:\n" + string.Join("\n", problems) + "\n\n" + source);
        return Assembly.Load(image.ToArray());
    }
}
