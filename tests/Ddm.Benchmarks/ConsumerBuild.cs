using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace Ddm.Benchmarks;

/// <summary>
/// The build a consumer of the generator waits for: the synthetic spec of <see cref="GeneratorScaleBenchmarks"/>
/// in a fresh project that uses the generator as <c>src/Ddm.Client</c> does (the generator project as an analyzer,
/// the spec as <c>AdditionalFiles</c> with the documented options, System.ClientModel), timed as full rebuilds.
/// An empty project with the same references and no spec is measured first, so the fixed cost of any build is
/// visible beside the cost of the generated code.
/// <c>dotnet run -c Release --project tests/Ddm.Benchmarks -- --consumer-build [N ...] [--runs R] [--warmup W] [--keep]
/// [--compiler-server] [-p:Name=Value ...]</c>: <c>--compiler-server</c> builds through the shared compiler server, as
/// <c>dotnet build</c> does unless <c>UseSharedCompilation=false</c> (the warm-up build starts it, the rebuilds reuse it;
/// its CPU time is not the build's, so that column is empty). The server's own code keeps getting faster over its
/// first builds as the runtime recompiles what is hot, so <c>--warmup W</c> (default and least 1) builds W times before timing:
/// a developer's builds after the first few of a working session. <c>-p:</c> adds a property to every build, for example
/// <c>-p:RunAnalyzers=false</c> or <c>-p:GenerateDocumentationFile=false</c> to see what each costs.
/// </summary>
public static class ConsumerBuild
{
    public const string Switch = "--consumer-build";

    private static readonly Regex TotalGenerators = new(@"Total generator execution time: ([0-9.,]+) seconds", RegexOptions.CultureInvariant);
    private static readonly Regex TotalAnalyzers = new(@"Total analyzer execution time: ([0-9.,]+) seconds", RegexOptions.CultureInvariant);
    private static readonly Regex OurGenerator = new(@"^\s*([0-9.,]+)\s+\S+\s+DdmGen\.Generator\.OpenApiClientGenerator\s*$", RegexOptions.CultureInvariant | RegexOptions.Multiline);
    private static readonly Regex CscTask = new(@"^\s*(\d+) ms\s+Csc\s+\d+ calls", RegexOptions.CultureInvariant | RegexOptions.Multiline);

    /// <summary>Runs the measurement and prints a Markdown table; returns the process exit code.</summary>
    public static int Run(string[] args)
    {
        var counts = new List<int>();
        var runs = 3;
        var warmup = 1;
        var keep = false;
        var server = false;
        var properties = new List<string>();
        for (var index = 1; index < args.Length; index++)
        {
            switch (args[index])
            {
                case "--runs": runs = int.Parse(args[++index], CultureInfo.InvariantCulture); break;
                case "--warmup": warmup = Math.Max(1, int.Parse(args[++index], CultureInfo.InvariantCulture)); break;
                case "--keep": keep = true; break;
                case "--compiler-server": server = true; break;
                case var property when property.StartsWith("-p:", StringComparison.Ordinal): properties.Add(property); break;
                default: counts.Add(int.Parse(args[index], CultureInfo.InvariantCulture)); break;
            }
        }

        if (counts.Count == 0)
        {
            counts.AddRange([10, 100, 1000]);
        }

        var generator = FindGeneratorProject();
        var work = Directory.CreateTempSubdirectory("ddm-consumer-build-").FullName;
        try
        {
            var settings = new BuildSettings(server, warmup, [.. properties]);
            Console.WriteLine($"{System.Runtime.InteropServices.RuntimeInformation.OSDescription}, {Environment.ProcessorCount} cores, {Run(work, "--version").Trim()} SDK; "
                + $"compiler server {(server ? "on (UseSharedCompilation=true)" : "off (UseSharedCompilation=false)")}; load average {LoadAverage()}");
            Console.WriteLine($"Each project is restored once, built {warmup} time(s) to warm up, then rebuilt {runs} times:");
            Console.WriteLine("  dotnet build -c Release --no-restore --no-incremental --no-dependencies -p:ReportAnalyzer=true " + string.Join(' ', properties));
            Console.WriteLine("Medians of the rebuilds. Build CPU is user + system time of the build and the processes it waited for (GNU time;");
            Console.WriteLine("empty with the compiler server, whose time is not the build's);");
            Console.WriteLine("csc is the Csc task's elapsed time (parsing, binding, analyzers, generators, emit); the generator and analyzer");
            Console.WriteLine("columns come from -p:ReportAnalyzer=true; files and lines are what the generator emits for the spec.");
            Console.WriteLine();
            Console.WriteLine("| spec | files | lines | lines/op | build (wall) | rebuilds | build CPU | csc | DdmGen generator | all generators | analyzers |");
            Console.WriteLine("| --- | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: |");

            var baseline = Measure(Path.Combine(work, "baseline"), generator, operations: null, runs, settings);
            Print("empty project (no spec)", 0, 0, null, baseline);
            foreach (var operations in counts)
            {
                var (files, model, client) = GeneratorScaleBenchmarks.Count(operations);
                var result = Measure(Path.Combine(work, "ops" + operations.ToString(CultureInfo.InvariantCulture)), generator, operations, runs, settings);
                Print(string.Create(CultureInfo.InvariantCulture, $"{operations:N0} operations"), files, model + client, operations, result);
            }

            Console.WriteLine();
            Console.WriteLine($"load average after: {LoadAverage()}");
            return 0;
        }
        finally
        {
            if (server)
            {
                Run(work, "build-server", "shutdown");
            }

            if (keep)
            {
                Console.Error.WriteLine($"kept {work}");
            }
            else
            {
                Directory.Delete(work, recursive: true);
            }
        }
    }

    private static void Print(string name, int files, int lines, int? operations, Result result)
    {
        var perOperation = operations is { } count ? ((double)lines / count).ToString("F1", CultureInfo.InvariantCulture) : "-";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {files:N0} | {lines:N0} | {perOperation} | {Seconds(result.Wall)} | {string.Join(" / ", result.Walls.Select(Seconds))} | {Seconds(result.Cpu)} | {Seconds(result.Csc)} | {Seconds(result.OurGenerator)} | {Seconds(result.Generators)} | {Seconds(result.Analyzers)} |"));
    }

    private static string Seconds(double seconds) => double.IsNaN(seconds) ? "-" : seconds.ToString("F2", CultureInfo.InvariantCulture) + " s";

    /// <summary>Whether builds go through the compiler server, and the extra properties every build gets.</summary>
    private sealed record BuildSettings(bool CompilerServer, int Warmup, string[] Properties);

    private sealed record Result(double Wall, double[] Walls, double Cpu, double Csc, double OurGenerator, double Generators, double Analyzers);

    private const string GnuTime = "/usr/bin/time";

    /// <summary>Writes the project, restores it, builds it to warm up and rebuilds it <paramref name="runs"/> times.</summary>
    private static Result Measure(string directory, string generator, int? operations, int runs, BuildSettings settings)
    {
        Directory.CreateDirectory(directory);
        WriteProject(directory, generator, operations);
        Run(directory, "restore", "Consumer.csproj");
        var shared = "-p:UseSharedCompilation=" + (settings.CompilerServer ? "true" : "false");
        Run(directory, ["build", "Consumer.csproj", "-c", "Release", "--no-restore", shared, .. settings.Properties]);
        for (var extra = 1; extra < settings.Warmup; extra++)
        {
            Run(directory, ["build", "Consumer.csproj", "-c", "Release", "--no-restore", "--no-incremental", "--no-dependencies", shared, .. settings.Properties]);
        }

        var samples = new List<(double Wall, double Cpu, double Csc, double Ours, double Generators, double Analyzers)>();
        for (var run = 0; run < runs; run++)
        {
            var log = Path.Combine(directory, $"rebuild{run}.log");
            var cpuFile = Path.Combine(directory, $"rebuild{run}.cpu");
            string[] build = ["build", "Consumer.csproj", "-c", "Release", "--no-restore", "--no-incremental", "--no-dependencies",
                "-p:ReportAnalyzer=true", shared, .. settings.Properties, "-v:q", $"-flp:Verbosity=detailed;LogFile={log};PerformanceSummary"];
            var watch = Stopwatch.StartNew();
            // GNU time, where there is one, adds the CPU time of the build and of the processes it waited for (csc among them).
            if (File.Exists(GnuTime))
            {
                RunTool(GnuTime, directory, ["-f", "%U %S", "-o", cpuFile, "dotnet", .. build]);
            }
            else
            {
                Run(directory, build);
            }

            var wall = watch.Elapsed.TotalSeconds;
            var text = File.ReadAllText(log);
            var cpu = File.Exists(cpuFile) && !settings.CompilerServer ? File.ReadAllText(cpuFile).Split(' ', StringSplitOptions.RemoveEmptyEntries).Sum(part => double.Parse(part, CultureInfo.InvariantCulture)) : double.NaN;
            samples.Add((wall, cpu, Number(CscTask, text) / 1000.0, Number(OurGenerator, text), Number(TotalGenerators, text), Number(TotalAnalyzers, text)));
        }

        double Median(Func<(double Wall, double Cpu, double Csc, double Ours, double Generators, double Analyzers), double> value) =>
            samples.Select(value).Order().ElementAt(samples.Count / 2);

        return new Result(Median(s => s.Wall), samples.Select(s => s.Wall).ToArray(), Median(s => s.Cpu), Median(s => s.Csc), Median(s => s.Ours), Median(s => s.Generators), Median(s => s.Analyzers));
    }

    /// <summary>
    /// A library project as an application would write it, outside the repository (so none of its build files
    /// apply): nullable on, warnings as errors, the documentation file on (the generated code is documented).
    /// With a spec, one source file uses the generated client, so a build whose generator did not run fails.
    /// </summary>
    private static void WriteProject(string directory, string generator, int? operations)
    {
        var spec = operations is { } count
            ? """
                  <AdditionalFiles Include="scale.json" DdmGenSpec="true" Namespace="Scale" ClientName="ScaleClient" />
              """
            : string.Empty;
        File.WriteAllText(Path.Combine(directory, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <GenerateDocumentationFile>true</GenerateDocumentationFile>
                <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="System.ClientModel" Version="1.17.0" />
                <ProjectReference Include="{generator}" OutputItemType="Analyzer" ReferenceOutputAssembly="false" />
            {spec}
              </ItemGroup>
              <Import Project="{Path.Combine(Path.GetDirectoryName(generator)!, "build", "DdmGen.Generator.props")}" />
            </Project>
            """);
        File.WriteAllText(Path.Combine(directory, "Usage.cs"), operations is null
            ? """
              namespace Consumer;

              /// <summary>The project's own code.</summary>
              public static class Usage
              {
              }
              """
            : """
              namespace Consumer;

              /// <summary>The project's own code, using the generated client.</summary>
              public static class Usage
              {
                  /// <summary>The generated client's type.</summary>
                  public static System.Type Client => typeof(Scale.ScaleClient);
              }
              """);
        if (operations is { } operationCount)
        {
            File.WriteAllText(Path.Combine(directory, "scale.json"), GeneratorScaleBenchmarks.Spec(operationCount));
        }
    }

    private static double Number(Regex pattern, string text)
    {
        var match = pattern.Match(text);
        return match.Success ? double.Parse(match.Groups[1].Value.Replace(',', '.'), CultureInfo.InvariantCulture) : double.NaN;
    }

    /// <summary>Runs <c>dotnet</c> with the arguments and returns its output; throws with the output when it fails.</summary>
    private static string Run(string directory, params string[] arguments) => RunTool("dotnet", directory, arguments);

    private static string RunTool(string tool, string directory, string[] arguments)
    {
        var start = new ProcessStartInfo(tool)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        process.OutputDataReceived += (_, line) => { lock (output) { output.AppendLine(line.Data); } };
        process.ErrorDataReceived += (_, line) => { lock (output) { output.AppendLine(line.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(TimeSpan.FromMinutes(15)))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{tool} {string.Join(' ', arguments)} did not finish within 15 minutes in {directory}:\n{output}");
        }

        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} {string.Join(' ', arguments)} failed with exit code {process.ExitCode} in {directory}:\n{output}");
        }

        return output.ToString();
    }

    /// <summary>The generator project of the checkout this program was built from.</summary>
    private static string FindGeneratorProject()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var project = Path.Combine(directory.FullName, "generator", "DdmGen.Generator", "DdmGen.Generator.csproj");
            if (File.Exists(project))
            {
                return project;
            }
        }

        throw new InvalidOperationException("generator/DdmGen.Generator/DdmGen.Generator.csproj was not found above " + AppContext.BaseDirectory);
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
