namespace Ddm.Cli;

/// <summary>What the process exit code says, so scripts can tell failures apart.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The service answered with an error other than a refused credential, or IAM failed on its own (5xx, 429, 408).</summary>
    public const int ApiError = 1;

    /// <summary>
    /// The command line or the configuration is wrong (also where no IAM answers at <c>OS_AUTH_URL</c>: 404, 405, a redirect;
    /// and where the API gateway has no such API at the endpoint: 404 or 405 with <c>APIG.0101</c>; or the service redirects).
    /// </summary>
    public const int Usage = 2;

    /// <summary>IAM gave no token (it refused the login, or its answer held none), or the service refused the credential (401, 403).</summary>
    public const int Authentication = 3;

    /// <summary>The service could not be reached or did not answer within the timeout.</summary>
    public const int Unreachable = 4;

    /// <summary>Standard output could not be written: a full disk, a closed descriptor (EX_IOERR of sysexits.h).</summary>
    public const int OutputFailed = 74;

    /// <summary>The reader of the output pipe went away (<c>ddm ... | head -1</c>): 128 + 13, as for a tool stopped by SIGPIPE.</summary>
    public const int ReaderGone = 141;

    /// <summary>Stopped by SIGHUP (the terminal was closed, or the signal sent): 128 + 1.</summary>
    public const int HungUp = 129;

    /// <summary>Stopped by Ctrl+C (SIGINT): 128 + 2, as shells report it.</summary>
    public const int Interrupted = 130;

    /// <summary>Stopped by Ctrl+\ (SIGQUIT): 128 + 3.</summary>
    public const int Quit = 131;

    /// <summary>Stopped by SIGTERM: 128 + 15.</summary>
    public const int Terminated = 143;
}
