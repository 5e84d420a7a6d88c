using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Ddm.Tests.Shared;

namespace Ddm.Cli.Tests;

/// <summary>
/// The built <c>ddm</c> as a child process (<c>dotnet ddm.dll ...</c>), with the cloud variables of the test's own
/// environment removed, stderr collected, stdout collected or left unread, and signals sent with <c>kill</c>.
/// </summary>
internal sealed class DdmProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _error = new();
    private readonly MemoryStream _output = new();
    private readonly Task _errorPump;
    private Task? _outputPump;
    private long _peakBytes;

    private DdmProcess(Process process)
    {
        _process = process;
        _errorPump = Task.Run(async () =>
        {
            var buffer = new char[4096];
            int read;
            while ((read = await process.StandardError.ReadAsync(buffer)) > 0)
            {
                lock (_error)
                {
                    _error.Append(buffer, 0, read);
                }
            }
        });
    }

    public int Id => _process.Id;

    public int ExitCode => _process.ExitCode;

    /// <summary>The highest resident memory the kernel reported while the process was watched (VmHWM), in bytes.</summary>
    public long PeakBytes => Interlocked.Read(ref _peakBytes);

    public string Error
    {
        get
        {
            lock (_error)
            {
                return _error.ToString();
            }
        }
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return Encoding.UTF8.GetString(_output.GetBuffer(), 0, (int)_output.Length);
            }
        }
    }

    public StreamReader StandardOutput => _process.StandardOutput;

    /// <param name="environment">Variables to set; every OS_* and DDM_* variable of the test process is removed first.</param>
    /// <param name="readOutput">False leaves stdout unread, so the child blocks once the pipe is full.</param>
    /// <param name="args">The ddm arguments.</param>
    public static DdmProcess Start(IReadOnlyDictionary<string, string?> environment, bool readOutput, params string[] args) =>
        Start(environment, readOutput, stderrOnStdout: false, args);

    /// <summary>
    /// As <see cref="Start(IReadOnlyDictionary{string, string?}, bool, string[])"/>, with stderr on the same pipe as stdout
    /// (<c>2&gt;&amp;1</c>): <see cref="Output"/> holds both, and when stdout is left unread, writes to stderr block too.
    /// </summary>
    public static DdmProcess StartWithStderrOnStdout(IReadOnlyDictionary<string, string?> environment, bool readOutput, params string[] args) =>
        Start(environment, readOutput, stderrOnStdout: true, args);

    private static DdmProcess Start(IReadOnlyDictionary<string, string?> environment, bool readOutput, bool stderrOnStdout, string[] args)
    {
        // With stderr on stdout, bash sets up 2>&1 and replaces itself with ddm, so the process id is still ddm's.
        var start = new ProcessStartInfo(stderrOnStdout ? "bash" : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        if (stderrOnStdout)
        {
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add("exec dotnet \"$0\" \"$@\" 2>&1");
        }

        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ddm.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var name in start.Environment.Keys.Where(name => name.StartsWith("OS_", StringComparison.Ordinal) || name.StartsWith("DDM_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var child = new DdmProcess(Process.Start(InterruptibleChild.Prepare(start))!);
        if (readOutput)
        {
            child.ReadOutput();
        }

        return child;
    }

    /// <summary>Reads one chunk of stdout (at most 1 KiB), waiting for it: the child has started writing.</summary>
    public async Task ReadSomeOutputAsync()
    {
        var buffer = new byte[1024];
        var read = await _process.StandardOutput.BaseStream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(60));
        lock (_output)
        {
            _output.Write(buffer, 0, read);
        }
    }

    /// <summary>Starts collecting stdout (what is still in the pipe, and everything after).</summary>
    public void ReadOutput() => _outputPump ??= Task.Run(async () =>
    {
        var buffer = new byte[64 * 1024];
        int read;
        var stream = _process.StandardOutput.BaseStream;
        while ((read = await stream.ReadAsync(buffer)) > 0)
        {
            lock (_output)
            {
                _output.Write(buffer, 0, read);
            }
        }
    });

    /// <summary>Waits (bounded) until stdout or stderr holds <paramref name="text"/>.</summary>
    public async Task WaitForAsync(Func<DdmProcess, bool> condition, string what, TimeSpan? bound = null)
    {
        var deadline = DateTime.UtcNow + (bound ?? TimeSpan.FromSeconds(60));
        while (!condition(this))
        {
            if (_process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"ddm never showed {what}; exited: {_process.HasExited}; stderr: {Error}");
            }

            SamplePeak();
            await Task.Delay(20);
        }
    }

    /// <summary>
    /// Waits (bounded) until a thread of ddm is held in a write to a pipe that has no room (stdout left unread): the
    /// kernel names where each thread waits in /proc (<c>pipe_write</c>, <c>anon_pipe_write</c>). Where there is no
    /// /proc to ask (macOS), half a second, in which an idle machine fills the pipe.
    /// </summary>
    public Task WaitForBlockedWriteAsync() =>
        OperatingSystem.IsLinux() ? WaitForAsync(child => child.BlockedInPipeWrite(), "a write held by the full pipe") : Task.Delay(500);

    /// <summary>Whether a thread of ddm waits in the kernel's pipe write (Linux).</summary>
    private bool BlockedInPipeWrite()
    {
        try
        {
            foreach (var thread in Directory.EnumerateDirectories($"/proc/{_process.Id}/task"))
            {
                try
                {
                    if (File.ReadAllText(Path.Combine(thread, "wchan")).Contains("pipe_write", StringComparison.Ordinal))
                    {
                        return true;
                    }
                }
                catch (IOException)
                {
                    // The thread has just ended.
                }
            }
        }
        catch (IOException)
        {
            // The process has just ended: WaitForAsync says so.
        }

        return false;
    }

    /// <summary>Sends a signal by name (INT, TERM) with the system's kill command.</summary>
    public void Signal(string name)
    {
        using var kill = Process.Start("kill", new[] { "-s", name, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) })!;
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }

    /// <summary>Waits for the exit, sampling the memory high-water mark meanwhile; false if it did not exit within <paramref name="bound"/>.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan bound)
    {
        var deadline = DateTime.UtcNow + bound;
        while (!_process.HasExited)
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            SamplePeak();
            await Task.Delay(10);
        }

        await _process.WaitForExitAsync();
        ReadOutput();
        await Task.WhenAll(_errorPump, _outputPump!);
        return true;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
        _output.Dispose();
    }

    private void SamplePeak()
    {
        try
        {
            var line = File.ReadLines($"/proc/{_process.Id}/status").FirstOrDefault(text => text.StartsWith("VmHWM:", StringComparison.Ordinal));
            if (line is not null)
            {
                var kilobytes = long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
                var bytes = kilobytes * 1024;
                if (bytes > Interlocked.Read(ref _peakBytes))
                {
                    Interlocked.Exchange(ref _peakBytes, bytes);
                }
            }
        }
        catch (IOException)
        {
            // The process has just exited; the last sample stands.
        }
    }
}
