"""The record for the record system: FHIR R4, built, checked, queued and sent.

* :mod:`.bundle` builds one consultation as a ``transaction`` Bundle of conditional
  creates, which a FHIR server takes at its base (sending it twice creates nothing
  twice);
* :mod:`.questionnaire` builds each pack's Questionnaire, which the
  QuestionnaireResponse points to;
* :mod:`.codes` names the project's canonical URLs, code systems and identifier systems
  (described in ``docs/fhir/README.md``);
* :mod:`.identifiers` and :mod:`.config` hold the patient's identifier (the NHS number's
  check digit) and the clinic's FHIR settings;
* :mod:`.check` checks a bundle; :mod:`.client` sends it; :mod:`.outbox` keeps it until
  the server accepts it.

Nothing here imports ``fhir.resources`` until a thorough check is asked for, and this
package itself imports nothing: the settings read :mod:`.config` at start.
"""
