namespace System.Runtime.CompilerServices;

// Records with init accessors need this type, which netstandard2.0 does not have.
internal static class IsExternalInit
{
}
