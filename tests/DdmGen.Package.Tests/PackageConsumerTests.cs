using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text;

namespace DdmGen.Package.Tests;

/// <summary>
/// The real "a project adds the generator" path: pack the generator into a local feed, create a fresh project
/// that references the package and two spec files in different namespaces, build it and run it.
/// </summary>
public sealed class PackageConsumerTests : IDisposable
{
    private static readonly string RepositoryRoot = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(ThisFile())!, "..", ".."));

    private readonly string _work = Directory.CreateTempSubdirectory("ddmgen-package-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public void A_fresh_project_builds_and_runs_with_the_packed_generator_and_two_specs()
    {
        // A version of its own per run, so no package cache can hand back an older build.
        var version = "0.1.0-test." + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", System.Globalization.CultureInfo.InvariantCulture);
        var feed = Path.Combine(_work, "feed");
        Run(RepositoryRoot, "pack", "generator/DdmGen.Generator/DdmGen.Generator.csproj", "-o", feed, $"-p:PackageVersion={version}");

        // The generator loads its readers from the package: each must sit beside it under analyzers/dotnet/cs.
        using (var package = System.IO.Compression.ZipFile.OpenRead(Path.Combine(feed, $"DdmGen.Generator.{version}.nupkg")))
        {
            foreach (var assembly in new[] { "DdmGen.Generator.dll", "Microsoft.OpenApi.dll", "Microsoft.OpenApi.YamlReader.dll", "SharpYaml.dll" })
            {
                Assert.Contains(package.Entries, entry => entry.FullName == "analyzers/dotnet/cs/" + assembly);
            }

            Assert.DoesNotContain(package.Entries, entry => entry.FullName.Contains("YamlDotNet", StringComparison.OrdinalIgnoreCase));

            // A development dependency with nothing to compile against or run: no lib/, and no dependency for NuGet to
            // hand the consumer (the readers would otherwise reach its output and its own package's dependencies).
            Assert.DoesNotContain(package.Entries, entry => entry.FullName.StartsWith("lib/", StringComparison.Ordinal));
            using var nuspec = new StreamReader(package.GetEntry("DdmGen.Generator.nuspec")!.Open());
            var manifest = nuspec.ReadToEnd();
            Assert.Contains("<developmentDependency>true</developmentDependency>", manifest, StringComparison.Ordinal);
            Assert.DoesNotContain("<dependency ", manifest, StringComparison.Ordinal);
        }

        var consumer = Path.Combine(_work, "consumer");
        Directory.CreateDirectory(Path.Combine(consumer, "specs"));
        File.Copy(Path.Combine(RepositoryRoot, "spec", "ddm-v3.yaml"), Path.Combine(consumer, "specs", "ddm-v3.yaml"));
        File.Copy(Path.Combine(RepositoryRoot, "tests", "Specs", "ddm-v3-extended.yaml"), Path.Combine(consumer, "specs", "ddm-v3-extended.yaml"));
        File.WriteAllText(Path.Combine(consumer, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
              <packageSourceMapping>
                <packageSource key="local">
                  <package pattern="DdmGen.Generator" />
                </packageSource>
                <packageSource key="nuget.org">
                  <package pattern="*" />
                </packageSource>
              </packageSourceMapping>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(consumer, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <JsonSerializerIsReflectionEnabledByDefault>false</JsonSerializerIsReflectionEnabledByDefault>
                <RestorePackagesPath>{Path.Combine(_work, "packages")}</RestorePackagesPath>
                <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="DdmGen.Generator" Version="{version}" PrivateAssets="all" />
                <!-- What the README tells a consumer to reference: the generated client's runtime, and (optional) DI. -->
                <PackageReference Include="System.ClientModel" Version="1.17.0" />
                <PackageReference Include="Microsoft.Extensions.Http" Version="10.0.10" />
                <AdditionalFiles Include="specs/ddm-v3.yaml" DdmGenSpec="true" Namespace="Consumer.Ddm" ClientName="DdmClient" />
                <AdditionalFiles Include="specs/ddm-v3-extended.yaml" DdmGenSpec="true" Namespace="Consumer.Extended" ClientName="DdmClient" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(consumer, "Program.cs"), """
            using System;
            using System.Net.Http;
            using System.Text.Json;

            var page = JsonSerializer.Deserialize<Consumer.Ddm.ListBackupsResponse>(
                "{\"backups\":[{\"id\":\"b1\",\"status\":\"frozen\",\"instance_id\":\"i1\",\"created\":\"2025-02-19T02:50:20+0000\",\"file_size\":5.419922}],\"total\":1,\"offset\":0,\"limit\":10}",
                Consumer.Ddm.DdmJsonTypeInfoResolver.Options)!;
            var backup = page.Backups[0];
            Console.WriteLine($"{backup.Id} {backup.Status} {backup.Status.IsKnown} {backup.Created:O} {backup.FileSize}");
            var job = JsonSerializer.Deserialize<Consumer.Extended.JobResponse>("{\"job_id\":\"j1\"}", Consumer.Extended.DdmJsonTypeInfoResolver.Options)!;
            Console.WriteLine(job.JobId);
            using var http = new HttpClient();
            var ddm = new Consumer.Ddm.DdmClient(http, new Consumer.Ddm.DdmClientOptions { ProjectId = "p" });
            var extended = new Consumer.Extended.DdmClient(http, new Consumer.Extended.DdmClientOptions { ProjectId = "p" });
            Console.WriteLine($"{ddm.GetType().FullName} {extended.GetType().FullName}");
            var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection();
            Consumer.Ddm.DdmClientServiceCollectionExtensions.AddDdmClient(services, options => options.ProjectId = "p");
            using var provider = Microsoft.Extensions.DependencyInjection.ServiceCollectionContainerBuilderExtensions.BuildServiceProvider(services);
            var injected = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Consumer.Ddm.DdmClient>(provider);
            Console.WriteLine($"injected {injected.Pipeline is not null}");
            """);

        Run(consumer, "build", "-c", "Release");
        var output = Run(consumer, "run", "-c", "Release", "--no-build");

        // The generator and its readers run in the compiler only: none of them is the application's to ship.
        var bin = Path.Combine(consumer, "bin", "Release", "net10.0");
        var deps = File.ReadAllText(Path.Combine(bin, "Consumer.deps.json"));
        foreach (var assembly in new[] { "DdmGen.Generator", "Microsoft.OpenApi", "SharpYaml" })
        {
            Assert.False(File.Exists(Path.Combine(bin, assembly + ".dll")), assembly + ".dll is in the consumer's output");
            Assert.DoesNotContain(assembly, deps, StringComparison.Ordinal);
        }

        Assert.Contains("b1 frozen False 2025-02-19T02:50:20.0000000+00:00 5.419922", output, StringComparison.Ordinal);
        Assert.Contains("j1", output, StringComparison.Ordinal);
        Assert.Contains("Consumer.Ddm.DdmClient Consumer.Extended.DdmClient", output, StringComparison.Ordinal);
        Assert.Contains("injected True", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_project_that_references_the_generator_project_builds_without_building_its_references()
    {
        // An IDE builds each project on its own, and dotnet build --no-dependencies does the same: the consumer then asks
        // the generator project only for GetTargetPath, which once left out the reader assemblies the generator loads
        // (CS8785: could not load Microsoft.OpenApi, and nothing generated).
        var consumer = Path.Combine(_work, "project-consumer");
        Directory.CreateDirectory(consumer);
        File.Copy(Path.Combine(RepositoryRoot, "spec", "ddm-v3.yaml"), Path.Combine(consumer, "ddm-v3.yaml"));
        var generator = Path.Combine(RepositoryRoot, "generator", "DdmGen.Generator", "DdmGen.Generator.csproj");
        File.WriteAllText(Path.Combine(consumer, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <RestorePackagesPath>{Path.Combine(_work, "packages")}</RestorePackagesPath>
                <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="System.ClientModel" Version="1.17.0" />
                <ProjectReference Include="{generator}" OutputItemType="Analyzer" ReferenceOutputAssembly="false" />
                <AdditionalFiles Include="ddm-v3.yaml" DdmGenSpec="true" Namespace="Consumer.Ddm" ClientName="DdmClient" />
              </ItemGroup>
              <Import Project="{Path.Combine(RepositoryRoot, "generator", "DdmGen.Generator", "build", "DdmGen.Generator.props")}" />
            </Project>
            """);
        File.WriteAllText(Path.Combine(consumer, "Usage.cs"), """
            namespace Consumer;

            /// <summary>Uses the generated client.</summary>
            public static class Usage
            {
                /// <summary>The generated client's type.</summary>
                public static System.Type Client => typeof(Consumer.Ddm.DdmClient);
            }
            """);

        Run(consumer, "build", "-c", "Release");
        var output = Run(consumer, "build", "-c", "Release", "--no-restore", "--no-incremental", "--no-dependencies");

        Assert.DoesNotContain("CS8785", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_project_with_every_analyzer_rule_as_an_error_in_the_generated_code_too_builds()
    {
        // The strictest settings a project may have, with the analyzers looking into the generated files as into its own
        // (generated_code = false), names of its own that a global using brings in beside the generated ones, and the
        // public specs: each rule of latest-all that sees the generated code would break the build.
        var consumer = Path.Combine(_work, "strict-consumer");
        Directory.CreateDirectory(Path.Combine(consumer, "specs"));
        var specs = new[] { "tests/Specs/ddm-v3-extended.yaml", "tests/Specs/ddm-v3-full.yaml" }
            .Concat(new[] { "callback-example", "link-example", "petstore", "petstore-expanded", "uspto" }.Select(name => $"tests/DdmGen.Generator.Tests/Corpus/{name}.yaml"))
            .ToList();
        foreach (var spec in specs)
        {
            File.Copy(Path.Combine(RepositoryRoot, spec), Path.Combine(consumer, "specs", Path.GetFileName(spec)));
        }

        var items = string.Join("\n", specs.Select(spec => Path.GetFileNameWithoutExtension(spec).Replace("-", string.Empty, StringComparison.Ordinal)).Zip(specs, (name, spec) =>
            $"    <AdditionalFiles Include=\"specs/{Path.GetFileName(spec)}\" DdmGenSpec=\"true\" Namespace=\"Consumer.{name.Replace(".", string.Empty, StringComparison.Ordinal)}\" ClientName=\"ApiClient\" />"));
        var generator = Path.Combine(RepositoryRoot, "generator", "DdmGen.Generator", "DdmGen.Generator.csproj");
        File.WriteAllText(Path.Combine(consumer, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <LangVersion>preview</LangVersion>
                <Features>strict</Features>
                <AnalysisLevel>latest-all</AnalysisLevel>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <GenerateDocumentationFile>true</GenerateDocumentationFile>
                <CheckForOverflowUnderflow>true</CheckForOverflowUnderflow>
                <InvariantGlobalization>true</InvariantGlobalization>
                <!-- What the public specs have that the generator does not take (callbacks, a form body, an http:// server). -->
                <NoWarn>$(NoWarn);DDMG108;DDMG202;DDMG203;DDMG207</NoWarn>
                <RestorePackagesPath>{Path.Combine(_work, "packages")}</RestorePackagesPath>
                <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="System.ClientModel" Version="1.17.0" />
                <PackageReference Include="Microsoft.Extensions.Http" Version="10.0.10" />
                <ProjectReference Include="{generator}" OutputItemType="Analyzer" ReferenceOutputAssembly="false" />
            {items}
              </ItemGroup>
              <Import Project="{Path.Combine(RepositoryRoot, "generator", "DdmGen.Generator", "build", "DdmGen.Generator.props")}" />
            </Project>
            """);
        File.WriteAllText(Path.Combine(consumer, ".editorconfig"), """
            root = true

            [*.g.cs]
            generated_code = false
            """);
        File.WriteAllText(Path.Combine(consumer, "Clash.cs"), """
            global using Consumer.Names;

            namespace Consumer.Names
            {
                /// <summary>A name the generated code has too.</summary>
                public sealed class Pet;

                /// <summary>A name the generated code has too.</summary>
                public sealed class JsonHelpers;

                /// <summary>A name the generated code has too.</summary>
                public sealed class Backup;

                /// <summary>A name the generated code has too.</summary>
                public sealed class Task;

                /// <summary>A name the generated code has too.</summary>
                public sealed class Uri;
            }
            """);

        var output = Run(consumer, "build", "-c", "Release");

        Assert.Contains("Build succeeded", output, StringComparison.Ordinal);
        Assert.Contains(" 0 Warning(s)", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_spec_listed_more_than_once_with_a_mark_is_a_warning_at_the_file()
    {
        // The compiler takes a file once, with the metadata of its last item: marking it twice for two namespaces gave one
        // client, and nothing said why the other was missing; a marked spec that a wildcard lists again without the mark
        // gave no client at all.
        var consumer = Path.Combine(_work, "twice-consumer");
        Directory.CreateDirectory(Path.Combine(consumer, "specs"));
        var spec = Path.Combine(consumer, "specs", "ddm-v3.yaml");
        File.Copy(Path.Combine(RepositoryRoot, "spec", "ddm-v3.yaml"), spec);
        Directory.CreateDirectory(Path.Combine(consumer, "specs", "wild"));
        var wildcarded = Path.Combine(consumer, "specs", "wild", "wildcarded.yaml");
        File.Copy(Path.Combine(RepositoryRoot, "spec", "ddm-v3.yaml"), wildcarded);
        var spaced = Path.Combine(consumer, "specs", "spaced.yaml");
        File.Copy(Path.Combine(RepositoryRoot, "spec", "ddm-v3.yaml"), spaced);
        // A wildcard before the marked item is fine: the last item, which the compiler keeps, has the mark.
        Directory.CreateDirectory(Path.Combine(consumer, "specs", "late"));
        var later = Path.Combine(consumer, "specs", "late", "later.yaml");
        File.Copy(Path.Combine(RepositoryRoot, "spec", "ddm-v3.yaml"), later);
        var generator = Path.Combine(RepositoryRoot, "generator", "DdmGen.Generator", "DdmGen.Generator.csproj");
        File.WriteAllText(Path.Combine(consumer, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <RestorePackagesPath>{Path.Combine(_work, "packages")}</RestorePackagesPath>
                <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="System.ClientModel" Version="1.17.0" />
                <ProjectReference Include="{generator}" OutputItemType="Analyzer" ReferenceOutputAssembly="false" />
                <AdditionalFiles Include="specs/ddm-v3.yaml" DdmGenSpec="true" Namespace="Consumer.First" ClientName="DdmClient" />
                <AdditionalFiles Include="specs/other.yaml" />
                <AdditionalFiles Include="specs/ddm-v3.yaml" DdmGenSpec="True" Namespace="Consumer.Second" ClientName="DdmClient" />
                <AdditionalFiles Include="specs/wild/wildcarded.yaml" DdmGenSpec="true" Namespace="Consumer.Wildcarded" ClientName="DdmClient" />
                <AdditionalFiles Include="specs/wild/*.yaml" />
                <AdditionalFiles Include="specs/spaced.yaml" DdmGenSpec=" true " Namespace="Consumer.Spaced" ClientName="DdmClient" />
                <AdditionalFiles Include="specs/spaced.yaml" DdmGenSpec=" true " Namespace="Consumer.Spaced" ClientName="DdmClient" />
                <AdditionalFiles Include="specs/late/*.yaml" />
                <AdditionalFiles Include="specs/late/later.yaml" DdmGenSpec="true" Namespace="Consumer.Later" ClientName="DdmClient" />
              </ItemGroup>
              <Import Project="{Path.Combine(RepositoryRoot, "generator", "DdmGen.Generator", "build", "DdmGen.Generator.props")}" />
            </Project>
            """);
        File.WriteAllText(Path.Combine(consumer, "specs", "other.yaml"), "a: 1\n");
        File.WriteAllText(Path.Combine(consumer, "Usage.cs"), """
            namespace Consumer;

            /// <summary>Uses the one generated client.</summary>
            public static class Usage
            {
                /// <summary>The generated client's type.</summary>
                public static System.Type Client => typeof(Consumer.Second.DdmClient);

                /// <summary>The client of the spec marked after a wildcard that lists it too.</summary>
                public static System.Type Later => typeof(Consumer.Later.DdmClient);
            }
            """);

        var output = Run(consumer, "build", "-c", "Release");

        Assert.Contains($"{spec} : warning DDMG008: ", output, StringComparison.Ordinal);
        Assert.Contains($"{wildcarded} : warning DDMG008: ", output, StringComparison.Ordinal);
        Assert.Contains($"{spaced} : warning DDMG008: ", output, StringComparison.Ordinal);
        Assert.Contains("the metadata of its last item", output, StringComparison.Ordinal);
        Assert.DoesNotContain("other.yaml : warning DDMG008", output, StringComparison.Ordinal);
        Assert.DoesNotContain($"{later} : warning DDMG008", output, StringComparison.Ordinal);
        Assert.Contains("Build succeeded", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "", null, "DOTNET_TieredPGO=0")]
    [InlineData("-p:DdmGenCompilerDynamicPgo=true", "", null, "")]
    [InlineData("-p:DdmGenCompilerDynamicPgo= True ", "", null, "")]
    [InlineData("", "DOTNET_TieredPGO=1", null, "DOTNET_TieredPGO=1")]
    [InlineData("", "dotnet_tieredpgo=1", null, "dotnet_tieredpgo=1")]
    [InlineData("", "", "1", "DOTNET_TieredPGO=1")]
    public void A_compiler_process_of_the_project_alone_runs_without_dynamic_PGO_unless_the_project_says_otherwise(
        string property, string projectEnvironment, string? buildEnvironment, string expected)
    {
        // The compiler process a build starts for one project spends much of a large spec's compile in the runtime's
        // dynamic PGO; the package turns it off for that process, and leaves a choice the project or build made. A
        // stand-in compiler records the environment MSBuild gives it, with the project's own variable beside it.
        var consumer = Path.Combine(_work, "environment-consumer");
        Directory.CreateDirectory(consumer);
        File.WriteAllText(Path.Combine(consumer, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
                <CscEnvironment>DDMGEN_PROJECT_VARIABLE=kept;{projectEnvironment}</CscEnvironment>
              </PropertyGroup>
              <Import Project="{Path.Combine(RepositoryRoot, "generator", "DdmGen.Generator", "build", "DdmGen.Generator.props")}" />
            </Project>
            """);
        File.WriteAllText(Path.Combine(consumer, "Usage.cs"), "namespace Consumer;\n\ninternal static class Usage\n{\n}\n");
        var recorded = Path.Combine(consumer, "compiler-environment.txt");
        var compiler = OperatingSystem.IsWindows() ? "record.cmd" : "record.sh";
        File.WriteAllText(Path.Combine(consumer, compiler), OperatingSystem.IsWindows()
            ? $"@set > \"{recorded}\"\r\n@exit /b 3\r\n"
            : $"#!/bin/sh\nenv > '{recorded}'\nexit 3\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Path.Combine(consumer, compiler), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var arguments = new[] { "build", "-p:UseSharedCompilation=false", $"-p:CscToolPath={consumer}", $"-p:CscToolExe={compiler}", property };
        var output = Run(consumer, new() { ["DOTNET_TieredPGO"] = buildEnvironment, ["COMPlus_TieredPGO"] = null }, expectSuccess: false, arguments);

        Assert.True(File.Exists(recorded), "the stand-in compiler did not run:\n" + output);
        var variables = File.ReadAllLines(recorded);
        Assert.Contains("DDMGEN_PROJECT_VARIABLE=kept", variables);
        Assert.Equal(expected, string.Join(";", variables.Where(line => line.StartsWith("DOTNET_TieredPGO=", StringComparison.OrdinalIgnoreCase))));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("0.1.0")]
    public void The_packed_ddm_tool_says_the_version_of_its_package_and_nothing_else(string? release)
    {
        // Regression: a local pack was versioned 0.1.0-dev.<time>, but the ddm it held said "0.1.0+<commit id>" to
        // --version, so the version installed could not be told from ddm itself; built outside a git checkout it said
        // "0.1.0" alone.
        var feed = Path.Combine(_work, "feed");
        Run(RepositoryRoot, "pack", "src/Ddm.Cli/Ddm.Cli.csproj", "-o", feed, release is null ? string.Empty : $"-p:PackageVersion={release}");
        var packed = Directory.GetFiles(feed, "Ddm.Cli.*.nupkg").Single();
        var version = Path.GetFileNameWithoutExtension(packed)["Ddm.Cli.".Length..];
        if (release is null)
        {
            Assert.Matches(@"^0\.1\.0-dev\.[0-9]{14}$", version);
        }
        else
        {
            Assert.Equal(release, version);
        }

        var tool = Path.Combine(_work, "tool");
        System.IO.Compression.ZipFile.ExtractToDirectory(packed, tool);
        var said = Run(Path.Combine(tool, "tools", "net10.0", "any"), "ddm.dll", "--version");

        // Run gives stdout and stderr together, each with a line break after its last line.
        Assert.Equal(version, said.TrimEnd('\n'));
    }

    private static string Run(string directory, params string[] arguments) =>
        Run(directory, environment: null, expectSuccess: true, arguments);

    private static string Run(string directory, Dictionary<string, string?>? environment, bool expectSuccess, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments.Where(argument => argument.Length > 0))
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? [])
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        // Output and error lines arrive on two threads; StringBuilder is not safe for both at once.
        process.OutputDataReceived += (_, line) => { lock (output) { output.AppendLine(line.Data); } };
        process.ErrorDataReceived += (_, line) => { lock (output) { output.AppendLine(line.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"dotnet {string.Join(' ', arguments)} did not finish within 5 minutes:\n{output}");
        }

        process.WaitForExit();
        Assert.True(!expectSuccess || process.ExitCode == 0, $"dotnet {string.Join(' ', arguments)} failed with {process.ExitCode}:\n{output}");
        return output.ToString();
    }

    private static string ThisFile([CallerFilePath] string path = "") => path;
}
